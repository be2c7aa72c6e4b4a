/**
 * The ACR credential kind: its stored and JCasC form, the form's checks and Test connection, the references it
 * resolves (certificate, federated token) and the username/password and docker-commons faces.
 *
 * <p>Layering of the plugin, one way only: {@code binding} -> {@code credentials} -> {@code impl} -> shared-auth.
 * This package uses {@code impl}, never {@code binding}.
 */
package dev.acrbridge.jenkins.credentials;
