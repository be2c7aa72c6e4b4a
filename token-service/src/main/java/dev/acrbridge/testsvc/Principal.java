package dev.acrbridge.testsvc;

/**
 * An Entra identity known to the fake directory; role assignments on the registry are made to it.
 *
 * @param kind       what sort of identity it is
 * @param tenantId   its home tenant
 * @param clientId   application (client) id; {@code appid} of its tokens
 * @param objectId   object id; {@code oid} of its tokens
 * @param resourceId ARM resource id of a user-assigned identity, else null
 */
public record Principal(Kind kind, String tenantId, String clientId, String objectId, String resourceId) {
    /** Identity kinds. */
    public enum Kind {
        /** An app registration / service principal (secret, certificate or federated credentials). */
        APPLICATION,
        /** The system-assigned managed identity of the (fake) host. */
        SYSTEM_ASSIGNED_IDENTITY,
        /** A user-assigned managed identity. */
        USER_ASSIGNED_IDENTITY
    }
}
