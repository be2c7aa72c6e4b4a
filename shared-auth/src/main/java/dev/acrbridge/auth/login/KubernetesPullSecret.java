package dev.acrbridge.auth.login;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acrbridge.auth.registry.RegistryCredential;
import dev.acrbridge.auth.secret.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A Kubernetes image pull secret ({@code kubernetes.io/dockerconfigjson}) holding a registry credential, rendered
 * exactly as {@code kubectl create secret docker-registry NAME --docker-server=HOST --docker-username=U
 * --docker-password=P --dry-run=client -o yaml|json} renders it (same fields, order and encoding), plus, for a
 * credential that expires, annotations with its expiry and a short-lived flag.
 */
public final class KubernetesPullSecret {
    /** RFC 3339 time after which the credential in the secret stops working. */
    public static final String EXPIRES_ANNOTATION = "acrbridge.dev/expires-at";
    /** {@code "true"} on a secret that must be re-created before {@link #EXPIRES_ANNOTATION}. */
    public static final String SHORT_LIVED_ANNOTATION = "acrbridge.dev/short-lived";
    /** The secret's type. */
    public static final String TYPE = "kubernetes.io/dockerconfigjson";
    private static final Pattern SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    /** How to print it. */
    public enum Format { YAML, JSON }

    private final RegistryCredential credential;
    private final String name;
    private final String namespace;

    /**
     * @param credential what the kubelet logs in with
     * @param name       the secret's name (a DNS subdomain: lower case, digits, '-', '.', at most 253)
     * @param namespace  its namespace (a DNS label, at most 63), or null for the kubeconfig's current namespace
     * @throws IllegalArgumentException when the name or namespace is not valid in Kubernetes
     */
    public KubernetesPullSecret(RegistryCredential credential, String name, String namespace) {
        this.credential = credential;
        this.name = checkName(name);
        this.namespace = namespace == null ? null : checkNamespace(namespace);
    }

    /**
     * @param name a secret name
     * @return the name
     * @throws IllegalArgumentException naming the rule it breaks
     */
    public static String checkName(String name) {
        if (name == null || name.length() > 253 || !SUBDOMAIN.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a valid Kubernetes secret name (lower-case "
                    + "letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253)");
        }
        return name;
    }

    /**
     * @param namespace a namespace
     * @return the namespace
     * @throws IllegalArgumentException naming the rule it breaks
     */
    public static String checkNamespace(String namespace) {
        if (namespace.length() > 63 || !LABEL.matcher(namespace).matches()) {
            throw new IllegalArgumentException("'" + namespace + "' is not a valid Kubernetes namespace (lower-case "
                    + "letters, digits and '-', starting and ending with a letter or digit, at most 63)");
        }
        return namespace;
    }

    /** @return true when the credential expires (an ACR refresh token): the secret must be refreshed */
    public boolean isShortLived() {
        return credential.expiresAt() != null;
    }

    /**
     * @param format YAML (kubectl's {@code -o yaml}) or JSON ({@code -o json})
     * @return the manifest; it holds the credential, so it is a secret itself
     */
    public Secret render(Format format) {
        String data = Base64.getEncoder().encodeToString(dockerConfigJson().getBytes(StandardCharsets.UTF_8));
        Map<String, String> annotations = annotations();
        StringBuilder out = new StringBuilder();
        if (format == Format.YAML) {
            out.append("apiVersion: v1\ndata:\n  .dockerconfigjson: ").append(data).append("\nkind: Secret\nmetadata:\n");
            if (!annotations.isEmpty()) {
                out.append("  annotations:\n");
                annotations.forEach((k, v) -> out.append("    ").append(k).append(": \"").append(v).append("\"\n"));
            }
            out.append("  creationTimestamp: null\n  name: ").append(name).append('\n');
            if (namespace != null) {
                out.append("  namespace: ").append(namespace).append('\n');
            }
            out.append("type: ").append(TYPE).append('\n');
        } else {
            out.append("{\n    \"kind\": \"Secret\",\n    \"apiVersion\": \"v1\",\n    \"metadata\": {\n        \"name\": \"")
                    .append(name).append("\",\n");
            if (namespace != null) {
                out.append("        \"namespace\": \"").append(namespace).append("\",\n");
            }
            out.append("        \"creationTimestamp\": null");
            if (!annotations.isEmpty()) {
                out.append(",\n        \"annotations\": {\n");
                int i = 0;
                for (Map.Entry<String, String> a : annotations.entrySet()) {
                    out.append("            \"").append(a.getKey()).append("\": \"").append(a.getValue()).append('"')
                            .append(++i < annotations.size() ? ",\n" : "\n");
                }
                out.append("        }");
            }
            out.append("\n    },\n    \"data\": {\n        \".dockerconfigjson\": \"").append(data)
                    .append("\"\n    },\n    \"type\": \"").append(TYPE).append("\"\n}\n");
        }
        return Secret.of(out.toString());
    }

    private Map<String, String> annotations() {
        Map<String, String> annotations = new LinkedHashMap<>();
        Instant expires = credential.expiresAt();
        if (expires != null) {
            annotations.put(EXPIRES_ANNOTATION, expires.truncatedTo(ChronoUnit.SECONDS).toString());
            annotations.put(SHORT_LIVED_ANNOTATION, "true");
        }
        return annotations;
    }

    /** {@code {"auths":{HOST:{"username","password","auth"}}}}, as kubectl writes it (Go's JSON escaping). */
    private String dockerConfigJson() {
        ObjectMapper json = new ObjectMapper();
        ObjectNode entry = json.createObjectNode()
                .put("username", credential.username())
                .put("password", credential.password().reveal())
                .put("auth", Base64.getEncoder().encodeToString((credential.username() + ":"
                        + credential.password().reveal()).getBytes(StandardCharsets.UTF_8)));
        ObjectNode root = json.createObjectNode();
        root.putObject("auths").set(credential.loginServer(), entry);
        try {
            // Go's encoding/json escapes <, > and & (and U+2028/9); Jackson leaves them: match kubectl byte for byte
            return json.writeValueAsString(root).replace("<", "\\u003c").replace(">", "\\u003e")
                    .replace("&", "\\u0026").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the docker config", e);
        }
    }
}
