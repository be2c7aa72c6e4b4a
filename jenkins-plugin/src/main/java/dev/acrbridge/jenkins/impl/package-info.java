/**
 * What runs a login for the plugin on top of shared-auth: the controller's token service and auth pool, the agent
 * side of a login, resolved identity material, proxy settings, and the words of build logs and form answers.
 *
 * <p>Layering of the plugin, one way only: {@code binding} -> {@code credentials} -> {@code impl} -> shared-auth.
 * This package is the bottom: it speaks shared-auth's types ({@code IdentityKind},
 * {@code IdentitySpec.UserAssignedId.Type}) and never refers to {@code credentials} or {@code binding}.
 */
package dev.acrbridge.jenkins.impl;
