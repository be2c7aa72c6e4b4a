package dev.acrbridge.auth.diagnostics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What each Entra (AADSTS) error means for a CI user and what to do about it (protocol.md §5). Registry (ACR)
 * failures are described by {@link RegistryErrors}.
 */
public final class ErrorCatalog {
    /**
     * One catalog entry.
     *
     * @param cause what the code means, in the user's terms
     * @param fix   what to change
     */
    public record Entry(String cause, String fix) {
    }

    private static final Pattern AADSTS = Pattern.compile("AADSTS(\\d{5,8})");
    private static final Map<Integer, Entry> CODES = new LinkedHashMap<>();

    static {
        add("invalid client secret (often the secret ID was pasted instead of its value)",
                "copy the secret's Value (not its Secret ID) from the app registration's Certificates & secrets page, "
                        + "or create a new secret, and update AZURE_CLIENT_SECRET", 7000215);
        add("the client secret has expired",
                "create a new client secret for the app registration and update AZURE_CLIENT_SECRET", 7000222);
        add("the application (client) id was not found in the tenant",
                "check AZURE_CLIENT_ID and AZURE_TENANT_ID; a multi-tenant app must be provisioned (consented) in the "
                        + "registry's tenant", 700016);
        add("the tenant was not found",
                "check AZURE_TENANT_ID, and that the authority host / cloud matches the tenant's cloud", 90002);
        add("the tenant is not a valid GUID or domain",
                "set AZURE_TENANT_ID to the Directory (tenant) ID GUID or a verified domain (no placeholder)", 900023);
        add("no tenant in the request (a /common or /organizations authority was used with app credentials)",
                "set AZURE_TENANT_ID to the registry's tenant id", 50059, 90019);
        add("no federated identity credential matches the presented token (issuer/subject/audience)",
                "compare the token's sub exactly with the federated credential's subject (branch, environment, pull "
                        + "request, GitHub immutable-id form) and fix the federated credential", 70021, 700213);
        add("the federated credential's issuer or audience does not match the token",
                "use the issuer URL exactly as the token's iss (mind the trailing slash) and audience "
                        + "api://AzureADTokenExchange", 700211, 700212);
        add("the flexible federated credential's claims expression did not match",
                "fix the claims-matching expression of the federated credential", 7002131);
        add("the client assertion is outside its valid time range (expired or reused token, or clock skew)",
                "fetch a fresh OIDC token for each request (do not cache it) and sync the runner's clock", 700024);
        add("the client assertion signature is invalid",
                "upload this certificate to the app registration (Certificates & secrets) or use the matching "
                        + "private key", 700027);
        add("subject-name/issuer authentication failed for the certificate",
                "send the certificate chain (AZURE_CLIENT_SEND_CERTIFICATE_CHAIN=true) and check the app's trusted "
                        + "subject name", 700030);
        add("invalid scope",
                "request https://containerregistry.azure.net/.default (with /.default); do not send a v1 resource",
                70011);
        add("the resource principal was not found in the tenant (wrong scope URL or wrong cloud)",
                "use the ACR audience https://containerregistry.azure.net/.default and the right cloud", 500011);
        add("the application is disabled",
                "enable the service principal (Enterprise applications > Properties > Enabled for users to sign in)",
                7000112, 70001);
        add("blocked by Conditional Access",
                "ask the tenant admin to exclude this workload identity or allow the runner's location in the "
                        + "Conditional Access policy", 53003);
        add("a user refresh token was revoked, expired or needs a new sign-in (for example a stale az login)",
                "do not use a personal login in CI; switch to a service principal, managed identity or OIDC", 50173,
                700082, 70043);
        add("the tenant belongs to another national cloud",
                "pick the cloud that hosts the tenant (public, china or usgov) so the authority host matches",
                90038, 900432);
    }

    private ErrorCatalog() {
    }

    private static void add(String cause, String fix, int... codes) {
        for (int code : codes) {
            CODES.put(code, new Entry(cause, fix));
        }
    }

    /**
     * @param code an AADSTS number
     * @return its meaning and fix, when known
     */
    public static Optional<Entry> aadsts(int code) {
        return Optional.ofNullable(CODES.get(code));
    }

    /** @return every AADSTS code the catalog explains, in catalog order */
    public static Map<Integer, Entry> aadstsCodes() {
        return Collections.unmodifiableMap(CODES);
    }

    /**
     * @param text an Entra error text ({@code AADSTS7000215: Invalid client secret provided...})
     * @return the first AADSTS code in it
     */
    public static Optional<Integer> findAadstsCode(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = AADSTS.matcher(text);
        return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }
}
