package org.rfmstream.streams.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dashboard's files as a browser gets them: complete, from the classpath, nothing from elsewhere. */
class DashboardAssetsTest {

    private static final Pattern LOCAL_REFERENCE = Pattern.compile("(?:src|href)=\"([^\"#:]+)\"");

    private static DashboardPreview preview;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        preview = new DashboardPreview(false).start(0);
    }

    @AfterAll
    static void stop() {
        preview.close();
        HTTP.close();
    }

    @Test
    void thePageAndEveryFileItReferencesAreServedIncludingTheChartingWebjar() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("text/html"));

        List<String> references = new ArrayList<>();
        Matcher matcher = LOCAL_REFERENCE.matcher(page.body());
        while (matcher.find()) {
            references.add(matcher.group(1));
        }
        assertThat(references).contains("style.css", "app.js", "webjars/chart.js/4.5.1/dist/chart.umd.js");
        for (String reference : references.stream().filter(r -> !r.startsWith("api/") && !r.equals("metrics")).toList()) {
            HttpResponse<String> asset = get("/" + reference);
            assertThat(asset.statusCode()).as(reference).isEqualTo(200);
            assertThat(asset.body()).as(reference).isNotBlank();
        }
    }

    @Test
    void nothingIsLoadedFromAnotherHostSoThePageWorksOffline() throws IOException {
        for (String file : List.of("index.html", "app.js", "marketer.js", "style.css", "favicon.svg")) {
            String text = resource("/public/" + file).replace("http://www.w3.org/2000/svg", "");
            assertThat(text).as(file).doesNotContain("http://", "https://", "//cdn", "@import");
        }
    }

    @Test
    void theElementsABrowserTestUsesAreThere() throws IOException {
        String html = resource("/public/index.html");
        for (String id : List.of("segment-chart", "segment-table", "candidates-chart", "customer-scatter", "live-feed",
                "lookup-form", "lookup-input", "lookup-button", "lookup-result", "score-form", "score-recency",
                "score-frequency", "score-monetary", "score-button", "score-result", "banner", "model-version",
                "rfm-grid", "rfm-note", "download-all", "concentration-headline", "concentration-chart",
                "candidate-buttons", "candidate-preview", "candidate-publish", "migration", "sizes-chart")) {
            assertThat(html).as(id).contains("id=\"" + id + "\"").contains("data-testid=\"" + id + "\"");
        }
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = DashboardAssetsTest.class.getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + preview.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
