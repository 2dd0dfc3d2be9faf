package org.rfmstream.streams.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rfmstream.schemas.Json;
import org.rfmstream.schemas.config.Settings;
import org.rfmstream.streams.query.FakeMetadataSource;
import org.rfmstream.streams.query.Host;
import org.rfmstream.streams.query.InMemoryCustomerStore;
import org.rfmstream.streams.query.QueryService;
import org.rfmstream.streams.query.TestModels;

/**
 * Requests the HTTP server itself refuses before any route runs — an over-long URI, an encoded NUL or other
 * ambiguous path, a malformed request line, oversized headers — answered with the API's JSON error body, never
 * Jetty's HTML page. Sent as raw bytes on a socket, because a well-behaved HTTP client would refuse to send them.
 */
class ServerErrorsTest {

    private HttpServer server;

    @BeforeEach
    void start() {
        HttpSettings settings = HttpSettings.from(Settings.of(Map.of(Settings.HTTP_PORT, "0",
                Settings.APPLICATION_SERVER, "127.0.0.1:1")));
        QueryService queries = new QueryService(new FakeMetadataSource(new Host("127.0.0.1", 1)),
                new InMemoryCustomerStore(), () -> Optional.of(TestModels.model(7)), new HttpPeerClient(settings),
                () -> TestModels.NOW, settings.queryOptions());
        server = new HttpServer(settings, queries, MeterRegistries.prometheus()).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** One request, as raw bytes, on its own connection; the whole answer until the server closes or ends it. */
    private RawResponse send(String request) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 2_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return RawResponse.read(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private RawResponse get(String target) {
        return send("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    }

    private record RawResponse(int status, Map<String, String> headers, String body) {

        static RawResponse read(InputStream in) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            String text;
            int headerEnd;
            while (true) {
                int n = in.read(buffer);
                if (n < 0) {
                    throw new IOException("the server closed the connection without a full answer: "
                            + bytes.toString(StandardCharsets.ISO_8859_1));
                }
                bytes.write(buffer, 0, n);
                text = bytes.toString(StandardCharsets.ISO_8859_1);
                headerEnd = text.indexOf("\r\n\r\n");
                if (headerEnd >= 0) {
                    break;
                }
            }
            String[] lines = text.substring(0, headerEnd).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim());
            }
            int length = Integer.parseInt(headers.getOrDefault("Content-Length", "-1"));
            int bodyStart = headerEnd + 4;
            while (length >= 0 ? bytes.size() < bodyStart + length : true) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                bytes.write(buffer, 0, n);
            }
            byte[] all = bytes.toByteArray();
            int end = length >= 0 ? Math.min(all.length, bodyStart + length) : all.length;
            return new RawResponse(status, headers, new String(all, bodyStart, end - bodyStart,
                    StandardCharsets.UTF_8));
        }

        /** The API's error answer: the status, JSON with {@code error} and {@code detail}, no HTML, no trace. */
        JsonNode isError(int expectedStatus) {
            assertThat(status).as(body).isEqualTo(expectedStatus);
            assertThat(headers.get("Content-Type")).as(body).startsWith("application/json");
            assertThat(body).doesNotContain("<html", "<HTML", "Exception", "\tat ");
            JsonNode json;
            try {
                json = Json.mapper().readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
            assertThat(json.properties()).extracting(Map.Entry::getKey).containsExactlyInAnyOrder("error", "detail");
            assertThat(json.get("error").asText()).isNotBlank();
            assertThat(json.get("detail").asText()).isNotBlank();
            return json;
        }
    }

    @Test
    void aCustomerIdOf20000CharactersIs414Json() {
        JsonNode json = get("/api/customers/" + "7".repeat(20_000)).isError(414);

        assertThat(json.get("error").asText()).isEqualTo("uri_too_long");
    }

    @Test
    void anEncodedNulInThePathIs400Json() {
        JsonNode json = get("/api/customers/17850%00").isError(400);

        assertThat(json.get("error").asText()).isEqualTo("bad_request");
    }

    @Test
    void anEncodedDotDotSegmentMatchesNoRouteAndIs404Json() {
        get("/api/customers/%2e%2e/model").isError(404);
    }

    @Test
    void aMalformedRequestLineIs400Json() {
        send("THIS IS NOT HTTP\r\n\r\n").isError(400);
    }

    @Test
    void headersLargerThanTheServerTakesAre431Json() {
        send("GET /api/model HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "x".repeat(64 * 1024)
                + "\r\nConnection: close\r\n\r\n").isError(431);
    }

    private RawResponse postScore(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return send("POST /api/score HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n" + body);
    }

    @Test
    void scoreInputsBeyondWhatACustomerCanHaveAre400() {
        JsonNode json = postScore("{\"recency\": 1e308, \"frequency\": 12, \"monetary\": 400}").isError(400);
        assertThat(json.get("detail").asText()).contains("recency", "at most 3652058");

        postScore("{\"recency\": 5, \"frequency\": 1e17, \"monetary\": 400}").isError(400);
        postScore("{\"recency\": 5, \"frequency\": 12, \"monetary\": 1e300}").isError(400);
        postScore("{\"recency\": 3652059, \"frequency\": 12, \"monetary\": 400}").isError(400);
    }

    @Test
    void scoreInputsAtTheEdgeOfWhatACustomerCanHaveAreScored() {
        RawResponse response = postScore("{\"recency\": 3652058, \"frequency\": 9007199254740991, "
                + "\"monetary\": 92233720368547758.07}");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"segment\"");
    }

    @Test
    void theRoutesStillAnswerNormally() {
        RawResponse model = get("/api/model");

        assertThat(model.status()).isEqualTo(200);
        get("/api/customers/nobody").isError(404);
    }
}
