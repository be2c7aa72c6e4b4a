package dev.acrbridge.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The least of a Kubernetes API server that the real {@code kubectl apply -f -} (1.33) needs to create one Secret:
 * discovery of core/v1 secrets, an OpenAPI v3 document for client-side validation, 404 for the Secret and its
 * namespace, 201 for the create. No API server is obtainable here; this stands in for the cluster the way the token
 * service stands in for the cloud. Every request is recorded with its Authorization header and body.
 */
final class KubernetesApiStub implements AutoCloseable {
    /** A request kubectl made. */
    record Request(String method, String path, String authorization, String body) {
    }

    private static final String SECRET_GVK = "\"x-kubernetes-group-version-kind\":{\"group\":\"\",\"version\":\"v1\","
            + "\"kind\":\"Secret\"}";
    private static final String FIELD_VALIDATION = "\"parameters\":[{\"name\":\"fieldValidation\",\"in\":\"query\","
            + "\"schema\":{\"type\":\"string\"}}]";
    private final HttpServer server;
    final List<Request> requests = new CopyOnWriteArrayList<>();

    KubernetesApiStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** @return {@code http://127.0.0.1:PORT} */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange x) throws IOException {
        String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = x.getRequestURI().getPath();
        requests.add(new Request(x.getRequestMethod(), x.getRequestURI().toString(),
                x.getRequestHeaders().getFirst("Authorization"), body));
        if (x.getRequestMethod().equals("POST") && path.matches("/api/v1/namespaces/[^/]+/secrets")) {
            send(x, 201, body);
            return;
        }
        String answer = switch (path) {
            case "/api" -> "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":"
                    + "[{\"clientCIDR\":\"0.0.0.0/0\",\"serverAddress\":\"127.0.0.1\"}]}";
            case "/apis" -> "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[]}";
            case "/api/v1" -> "{\"kind\":\"APIResourceList\",\"groupVersion\":\"v1\",\"resources\":[{\"name\":"
                    + "\"secrets\",\"singularName\":\"secret\",\"namespaced\":true,\"kind\":\"Secret\",\"verbs\":"
                    + "[\"create\",\"delete\",\"get\",\"list\",\"patch\",\"update\",\"watch\"]}]}";
            case "/openapi/v3" -> "{\"paths\":{\"api/v1\":{\"serverRelativeURL\":\"/openapi/v3/api/v1?hash=1\"}}}";
            case "/openapi/v3/api/v1" -> "{\"openapi\":\"3.0.0\",\"info\":{\"title\":\"Kubernetes\",\"version\":"
                    + "\"v1.33.0\"},\"paths\":{\"/api/v1/namespaces/{namespace}/secrets/{name}\":{\"patch\":{"
                    + FIELD_VALIDATION + ",\"x-kubernetes-action\":\"patch\"," + SECRET_GVK + ",\"responses\":"
                    + "{\"200\":{\"description\":\"OK\"}}}},\"/api/v1/namespaces/{namespace}/secrets\":{\"post\":{"
                    + FIELD_VALIDATION + ",\"x-kubernetes-action\":\"post\"," + SECRET_GVK + ",\"responses\":"
                    + "{\"201\":{\"description\":\"Created\"}}}}},\"components\":{\"schemas\":{"
                    + "\"io.k8s.api.core.v1.Secret\":{\"type\":\"object\",\"properties\":{\"apiVersion\":{\"type\":"
                    + "\"string\"},\"kind\":{\"type\":\"string\"},\"metadata\":{\"type\":\"object\"},\"data\":{"
                    + "\"type\":\"object\",\"additionalProperties\":{\"type\":\"string\",\"format\":\"byte\"}},"
                    + "\"type\":{\"type\":\"string\"}},\"x-kubernetes-group-version-kind\":[{\"group\":\"\","
                    + "\"kind\":\"Secret\",\"version\":\"v1\"}]}}}}";
            default -> null;
        };
        if (answer == null) {
            send(x, 404, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\","
                    + "\"code\":404,\"message\":\"not found\"}");
        } else {
            send(x, 200, answer);
        }
    }

    private static void send(HttpExchange x, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
        x.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
