package dev.acrbridge.auth.cloud;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * An Azure cloud: where Entra lives and which registry host suffix belongs to it.
 *
 * @param name            short name used in configuration ({@code public}, {@code china}, {@code usgov}, or {@code custom})
 * @param authorityHost   the Entra authority host, always HTTPS, without a trailing slash
 * @param registrySuffix  the login-server suffix of registries in this cloud, with its leading dot ({@code .azurecr.io})
 * @param armAudience     the ARM audience of this cloud, for registries that are configured for ARM tokens
 */
public record AzureCloud(String name, URI authorityHost, String registrySuffix, String armAudience) {

    /** The ACR audience, the same in every cloud; accepted in every registry authentication mode. */
    public static final String ACR_AUDIENCE = "https://containerregistry.azure.net";

    /** Azure public cloud. */
    public static final AzureCloud PUBLIC = new AzureCloud("public",
            URI.create("https://login.microsoftonline.com"), ".azurecr.io", "https://management.azure.com");
    /** Azure operated by 21Vianet (China). */
    public static final AzureCloud CHINA = new AzureCloud("china",
            URI.create("https://login.chinacloudapi.cn"), ".azurecr.cn", "https://management.chinacloudapi.cn");
    /** Azure US Government. */
    public static final AzureCloud US_GOVERNMENT = new AzureCloud("usgov",
            URI.create("https://login.microsoftonline.us"), ".azurecr.us", "https://management.usgovcloudapi.net");

    public AzureCloud {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(authorityHost, "authorityHost");
        Objects.requireNonNull(registrySuffix, "registrySuffix");
        Objects.requireNonNull(armAudience, "armAudience");
        if (!"https".equals(authorityHost.getScheme())) {
            throw new IllegalArgumentException("authority host must use https: " + authorityHost);
        }
        if (!registrySuffix.startsWith(".")) {
            throw new IllegalArgumentException("registry suffix must start with a dot: " + registrySuffix);
        }
        String host = authorityHost.toString();
        authorityHost = URI.create(host.endsWith("/") ? host.substring(0, host.length() - 1) : host);
        registrySuffix = registrySuffix.toLowerCase(Locale.ROOT);
    }

    /**
     * A cloud with its own authority host (Azure Stack, a sovereign cloud not listed here, or a test service).
     *
     * @param authorityHost  HTTPS authority host
     * @param registrySuffix registry login-server suffix with its leading dot
     * @param armAudience    ARM audience of that cloud
     * @return the custom cloud
     */
    public static AzureCloud custom(URI authorityHost, String registrySuffix, String armAudience) {
        return new AzureCloud("custom", authorityHost, registrySuffix, armAudience);
    }

    /**
     * Looks up a well-known cloud by the names users type ({@code public}, {@code azurecloud}, {@code china},
     * {@code azurechinacloud}, {@code usgov}, {@code azureusgovernment}); case-insensitive.
     *
     * @param name the name
     * @return the cloud
     * @throws IllegalArgumentException naming the allowed values when the name is unknown
     */
    public static AzureCloud named(String name) {
        switch (name == null ? "" : name.trim().toLowerCase(Locale.ROOT)) {
            case "public": case "azurecloud": case "azure": return PUBLIC;
            case "china": case "azurechinacloud": return CHINA;
            case "usgov": case "usgovernment": case "azureusgovernment": return US_GOVERNMENT;
            default:
                throw new IllegalArgumentException("cloud: unknown value '" + name
                        + "'; allowed: public (AzureCloud), china (AzureChinaCloud), usgov (AzureUSGovernment)");
        }
    }
}
