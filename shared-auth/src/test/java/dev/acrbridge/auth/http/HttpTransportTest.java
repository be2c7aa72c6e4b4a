package dev.acrbridge.auth.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Authenticator;
import java.net.InetAddress;
import java.net.PasswordAuthentication;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The JDK's HttpURLConnection has habits a token client must not inherit: a short body ends silently, 401 answers
 * invite the process-wide Authenticator, redirects are followed. A raw loopback server answers exactly what each
 * test writes, and records every request it received.
 */
class HttpTransportTest {
    private final List<String> received = new CopyOnWriteArrayList<>();
    private ServerSocket server;

    private URI serve(String... answers) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            for (String answer : answers) {
                try (Socket s = server.accept()) {
                    s.setSoTimeout(5000);
                    received.add(readRequest(s.getInputStream()));
                    s.getOutputStream().write(answer.getBytes(StandardCharsets.UTF_8));
                    s.getOutputStream().flush();
                } catch (IOException closed) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/oauth2/exchange");
    }

    private static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                in.readNBytes(Integer.parseInt(line.substring(15).trim()));
            }
        }
        return text;
    }

    private static HttpTransport transport() throws Exception {
        return new HttpTransport(SSLContext.getDefault());
    }

    @AfterEach
    void stop() throws IOException {
        Authenticator.setDefault(null);
        if (server != null) {
            server.close();
        }
    }

    @Test
    void answerShorterThanItsContentLengthFails() throws Exception {
        URI url = serve("HTTP/1.1 200 OK\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{\"refresh_token\":\"eyJ");
        IOException e = assertThrows(IOException.class,
                () -> transport().send(HttpCall.postForm(url, "a=b", Duration.ofSeconds(5))));
        assertTrue(e.getMessage().contains("of 100 bytes"), e.getMessage());
    }

    @Test
    void unauthorizedPostKeepsItsBodyAndNoDefaultAuthenticatorAnswers() throws Exception {
        Authenticator.setDefault(new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication("process-wide", "password".toCharArray());
            }
        });
        String body = "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"bad token\"}]}";
        URI url = serve("HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"registry\"\r\nContent-Length: "
                + body.length() + "\r\nConnection: close\r\n\r\n" + body, "HTTP/1.1 500 Oops\r\nContent-Length: 0\r\n\r\n");
        HttpReply reply = transport().send(HttpCall.postForm(url, "grant_type=access_token", Duration.ofSeconds(5)));
        assertEquals(401, reply.status());
        assertEquals(body, reply.body());
        assertEquals(List.of("Basic realm=\"registry\""), reply.headers("www-authenticate"));
        assertEquals(1, received.size(), "sent once, not again with the default authenticator's password");
        assertFalse(received.get(0).toLowerCase().contains("authorization:"), received.get(0));
    }

    @Test
    void redirectIsReturnedNotFollowed() throws Exception {
        URI url = serve("HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:9/elsewhere\r\nContent-Length: 0\r\n"
                + "Connection: close\r\n\r\n");
        HttpReply reply = transport().send(HttpCall.get(url, Duration.ofSeconds(5)));
        assertEquals(302, reply.status());
        assertEquals(1, received.size());
    }

    @Test
    void oversizedAnswerIsRefused() throws Exception {
        int size = HttpTransport.MAX_BODY_BYTES + 10;
        URI url = serve("HTTP/1.1 200 OK\r\nContent-Length: " + size + "\r\nConnection: close\r\n\r\n"
                + "x".repeat(size));
        IOException e = assertThrows(IOException.class, () -> transport().send(HttpCall.get(url,
                Duration.ofSeconds(10))));
        assertTrue(e.getMessage().contains("larger than"), e.getMessage());
    }

    @Test
    void callAndReplyNeverPrintHeadersOrBodies() {
        HttpCall call = HttpCall.postForm(URI.create("https://r.azurecr.io/oauth2/exchange?x=1"), "access_token=s3cr3t",
                Duration.ofSeconds(1)).header("Authorization", "Bearer s3cr3t");
        assertEquals("POST https://r.azurecr.io/oauth2/exchange", call.toString());
        assertEquals("HTTP 200", new HttpReply(200, java.util.Map.of(), "{\"refresh_token\":\"s3cr3t\"}").toString());
    }
}
