package dev.acrbridge.testsvc;

import java.nio.file.Path;

/** Renders the docker-registry config.yml and the nginx.conf of a {@link RegistryStack}. */
final class StackConfig {
    private StackConfig() {
    }

    /** distribution 2.8 with token auth; realm and service name the public nginx host:port. */
    static String registryYaml(Path dir, int registryPort, String publicHost, String secret) {
        return String.join("\n",
                "version: 0.1",
                "log:",
                "  level: info",
                "  accesslog:",
                "    disabled: true",
                "storage:",
                "  filesystem:",
                "    rootdirectory: " + dir.resolve("data"),
                "  delete:",
                "    enabled: true",
                "  maintenance:",
                "    uploadpurging:",
                "      enabled: false",
                "http:",
                "  addr: 127.0.0.1:" + registryPort,
                "  host: https://" + publicHost,
                "  secret: " + secret,
                "  headers:",
                "    X-Content-Type-Options: [nosniff]",
                "auth:",
                "  token:",
                "    realm: https://" + publicHost + "/oauth2/token",
                "    service: " + publicHost,
                "    issuer: \"" + AcrTokens.ISSUER + "\"",
                "    rootcertbundle: " + dir.resolve("token-signing.pem"),
                "health:",
                "  storagedriver:",
                "    enabled: false",
                "");
    }

    /**
     * One TLS host:port like ACR: {@code /v2/} (the ping) and {@code /oauth2/} go to the token service, every other
     * {@code /v2/...} path to the registry. Request bodies stream through unbuffered (chunked uploads).
     */
    static String nginxConf(Path dir, int publicPort, int registryPort, int tokenServicePort, boolean asRoot) {
        String svc = "https://127.0.0.1:" + tokenServicePort;
        Path tmp = dir.resolve("nginx-tmp");
        return String.join("\n",
                asRoot ? "user root;" : "",
                "worker_processes 1;",
                "pid " + dir.resolve("nginx.pid") + ";",
                "error_log " + dir.resolve("nginx-error.log") + " warn;",
                "events { worker_connections 512; }",
                "http {",
                "  access_log " + dir.resolve("nginx-access.log") + ";",
                "  client_body_temp_path " + tmp.resolve("body") + ";",
                "  proxy_temp_path " + tmp.resolve("proxy") + ";",
                "  fastcgi_temp_path " + tmp.resolve("fastcgi") + ";",
                "  uwsgi_temp_path " + tmp.resolve("uwsgi") + ";",
                "  scgi_temp_path " + tmp.resolve("scgi") + ";",
                "  server {",
                "    listen 127.0.0.1:" + publicPort + " ssl;",
                "    server_name localhost;",
                "    ssl_certificate " + dir.resolve("tls/server-chain.pem") + ";",
                "    ssl_certificate_key " + dir.resolve("tls/server.key") + ";",
                "    client_max_body_size 0;",
                "    chunked_transfer_encoding on;",
                "    proxy_request_buffering off;",
                "    proxy_buffering off;",
                "    proxy_http_version 1.1;",
                "    proxy_read_timeout 300s;",
                "    proxy_set_header Host $http_host;",
                "    proxy_set_header X-Forwarded-Proto https;",
                "    proxy_ssl_trusted_certificate " + dir.resolve("tls/ca.pem") + ";",
                "    proxy_ssl_verify on;",
                "    proxy_ssl_name localhost;",
                "    location = /v2 { proxy_pass " + svc + "; }",
                "    location = /v2/ { proxy_pass " + svc + "; }",
                "    location /v2/ { proxy_pass http://127.0.0.1:" + registryPort + "; }",
                "    location /oauth2/ { proxy_pass " + svc + "; }",
                "  }",
                "}",
                "");
    }
}
