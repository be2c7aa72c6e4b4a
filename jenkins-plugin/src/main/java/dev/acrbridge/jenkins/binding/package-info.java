/**
 * How builds use an ACR credential: the {@code acrLogin} binding (freestyle and Pipeline), declarative
 * {@code credentials()} through {@link dev.acrbridge.jenkins.binding.AcrCredentialsBindingHandler}, the per-block
 * login files, their renewal and their removal.
 *
 * <p>Layering of the plugin, one way only: {@code binding} -> {@code credentials} -> {@code impl} -> shared-auth.
 * This package is the top: nothing in {@code credentials} or {@code impl} refers to it.
 */
package dev.acrbridge.jenkins.binding;
