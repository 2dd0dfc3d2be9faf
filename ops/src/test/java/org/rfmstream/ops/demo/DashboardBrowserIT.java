package org.rfmstream.ops.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.rfmstream.schemas.Serdes;
import org.rfmstream.schemas.Transaction;
import org.rfmstream.schemas.TransactionLine;
import org.rfmstream.schemas.TransactionType;

/**
 * The dashboard in a real headless Chromium, on the demo's running system with a model in place: the charts show
 * the segments and the model's candidates, a purchase that moves a customer appears in the live feed, and the
 * customer lookup shows the segment the API gives. Leaves a screenshot in {@code target/dashboard.png}.
 *
 * <p>Needs Debian's {@code chromium} and {@code chromium-driver} (or {@code CHROMIUM_BINARY} and
 * {@code CHROMEDRIVER}): in CI ({@code CI=true}) their absence fails the test; elsewhere it skips it.
 */
class DashboardBrowserIT {

    private static final Path CHROMIUM = Path.of(env("CHROMIUM_BINARY", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(env("CHROMEDRIVER", "/usr/bin/chromedriver"));
    private static final Duration PAGE = Duration.ofSeconds(60);
    private static final Path SCREENSHOT = Path.of("target", "dashboard.png");
    private static final BigDecimal BIG_BASKET_PRICE = new BigDecimal("25.00");
    private static final int BIG_BASKET_QUANTITY = 100;

    @TempDir
    Path tmp;

    private WebDriver browser;

    @BeforeAll
    static void browserAndJarsAreThere() {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(CHROMIUM)) {
            missing.add("chromium (" + CHROMIUM + ")");
        }
        if (!Files.isExecutable(CHROMEDRIVER)) {
            missing.add("chromedriver (" + CHROMEDRIVER + ")");
        }
        if (!missing.isEmpty()) {
            String message = "The dashboard's browser test needs " + String.join(" and ", missing)
                    + ": apt-get install chromium chromium-driver (or set CHROMIUM_BINARY and CHROMEDRIVER)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message);
            }
            Assumptions.abort(message);
        }
        DemoRun.requireJars();
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void theDashboardShowsTheSegmentsTheLiveFeedAndTheLookupOfARunningSystem() throws Exception {
        try (DemoRun demo = DemoRun.start(tmp.resolve("demo"), 500, 2, Duration.ofHours(1))) {
            DemoIT.awaitSegments(demo);
            List<JsonNode> segments = awaitEveryCustomerAssigned(demo);
            JsonNode model = demo.get("api/model").body();

            browser = startBrowser();
            browser.get(demo.baseUrl());

            List<String> names = segments.stream().map(s -> s.path("name").asText()).toList();
            List<String> ids = segments.stream().map(s -> s.path("id").asText()).toList();
            await("the segment chart").atMost(PAGE).untilAsserted(() ->
                    assertThat(chartLabels("segment-chart")).containsAll(names));
            await("the segment table").atMost(PAGE).untilAsserted(() ->
                    assertThat(attributes("#segment-rows tr[data-segment]", "data-segment")).containsAll(ids));
            // Every customer is assigned, so the segments' shares of customers and of revenue each add up to 100 %.
            await("the segment chart's shares").atMost(PAGE).untilAsserted(() -> {
                assertThat(chartData("segment-chart", 0).stream().mapToDouble(Double::doubleValue).sum())
                        .isCloseTo(100.0, org.assertj.core.data.Offset.offset(0.5));
                assertThat(chartData("segment-chart", 1).stream().mapToDouble(Double::doubleValue).sum())
                        .isCloseTo(100.0, org.assertj.core.data.Offset.offset(0.5));
            });
            List<String> candidates = new ArrayList<>();
            model.path("quality").path("candidates").forEach(c -> candidates.add("k = " + c.path("k").asInt()));
            assertThat(candidates).isNotEmpty();
            await("the candidates chart").atMost(PAGE).untilAsserted(() ->
                    assertThat(chartLabels("candidates-chart")).containsExactlyInAnyOrderElementsOf(candidates));
            await("the customer scatter").atMost(PAGE).untilAsserted(() ->
                    assertThat(scatterSegments()).containsAll(ids));
            assertThat(browser.findElement(By.id("model-version")).getText())
                    .contains(String.valueOf(model.path("version").asLong()));

            Mover mover = findCustomerAPurchaseWouldMove(demo);
            await("the live feed to be connected").atMost(PAGE).until(() ->
                    "live".equals(browser.findElement(By.id("live-status")).getDomAttribute("data-state")));
            producePurchase(demo, mover);
            String item = "#live-feed li[data-customer='" + mover.customerId() + "'][data-reason='PURCHASE']";
            WebElement change = await("the purchase of " + mover.customerId() + " in the live feed").atMost(PAGE)
                    .until(() -> browser.findElements(By.cssSelector(item)).stream().findFirst().orElse(null),
                            found -> found != null);
            assertThat(change.getDomAttribute("data-previous-segment")).isEqualTo(mover.from());
            assertThat(change.getDomAttribute("data-segment")).isEqualTo(mover.to());

            JsonNode customer = demo.get("api/customers/" + mover.customerId()).body();
            assertThat(customer.path("assignedSegment").asText()).isEqualTo(mover.to());
            browser.findElement(By.id("lookup-input")).clear();
            browser.findElement(By.id("lookup-input")).sendKeys(mover.customerId());
            browser.findElement(By.id("lookup-button")).click();
            WebElement result = browser.findElement(By.id("lookup-result"));
            await("the lookup of " + mover.customerId()).atMost(PAGE).until(() ->
                    "found".equals(result.getDomAttribute("data-state"))
                            && result.getText().contains(mover.customerId()));
            assertThat(result.getDomAttribute("data-segment")).isEqualTo(customer.path("segment").asText());
            assertThat(browser.findElement(By.id("lookup-segment")).getDomAttribute("data-segment"))
                    .isEqualTo(customer.path("segment").asText());

            saveScreenshot();
        }
    }

    /** Waits until the rescoring after the first model is done, so that the segments no longer change names. */
    private static List<JsonNode> awaitEveryCustomerAssigned(DemoRun demo) {
        List<List<JsonNode>> segments = new ArrayList<>(List.of(List.of()));
        await("every customer in a segment").atMost(PAGE).pollInterval(Duration.ofMillis(500)).until(() -> {
            demo.requireRunning();
            JsonNode view = demo.get("api/segments").body();
            long assigned = 0;
            for (JsonNode segment : view.path("segments")) {
                assigned += segment.path("inModel").asBoolean() ? segment.path("customers").asLong() : 0;
            }
            segments.set(0, demo.segmentsWithCustomers());
            return assigned > 0 && assigned == view.path("totalCustomers").asLong();
        });
        return segments.get(0);
    }

    /** A customer, the segment they are in, and the one a big purchase now would move them to. */
    private record Mover(String customerId, String from, String to, long frequency) {
    }

    /** Asks the API's scorer which customer of the least recent segments a big purchase today would move. */
    private static Mover findCustomerAPurchaseWouldMove(DemoRun demo) {
        List<JsonNode> segments = new ArrayList<>(demo.segmentsWithCustomers());
        segments.sort(Comparator.comparingDouble((JsonNode s) -> s.path("meanRecencyDays").asDouble()).reversed());
        BigDecimal basket = BIG_BASKET_PRICE.multiply(BigDecimal.valueOf(BIG_BASKET_QUANTITY));
        for (JsonNode segment : segments) {
            JsonNode page = demo.get("api/segments/" + segment.path("id").asText() + "/customers?limit=20").body();
            for (JsonNode listed : page.path("customers")) {
                DemoRun.Response answer = demo.get("api/customers/" + listed.path("customerId").asText());
                if (answer.status() != 200) {
                    continue; // not answerable this instant (a 503 with Retry-After): ask about another customer
                }
                JsonNode customer = answer.body();
                String now = customer.path("segment").asText();
                if (!now.equals(customer.path("assignedSegment").asText())) {
                    continue; // about to move by inactivity: not a clear case
                }
                long frequency = customer.path("frequency").asLong() + 1;
                BigDecimal monetary = customer.path("monetary").decimalValue().add(basket);
                JsonNode score = demo.post("api/score", Map.of("recency", 0, "frequency", frequency,
                        "monetary", monetary)).body();
                String after = score.path("segment").asText();
                if (!after.isEmpty() && !after.equals(now)) {
                    return new Mover(customer.path("customerId").asText(), now, after, frequency);
                }
            }
        }
        return fail("no customer of %s would change segment after a purchase of %s", segments, basket);
    }

    private static void producePurchase(DemoRun demo, Mover mover) {
        Properties properties = new Properties();
        properties.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, demo.bootstrapServers());
        properties.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        Transaction purchase = new Transaction("E2E-" + UUID.randomUUID(), mover.customerId(),
                TransactionType.PURCHASE, Instant.now().truncatedTo(ChronoUnit.MILLIS),
                BIG_BASKET_PRICE.multiply(BigDecimal.valueOf(BIG_BASKET_QUANTITY)), "GBP", "United Kingdom",
                List.of(new TransactionLine("85123A", BIG_BASKET_QUANTITY, BIG_BASKET_PRICE)));
        try (KafkaProducer<String, Transaction> producer = new KafkaProducer<>(properties, new StringSerializer(),
                Serdes.transaction().serializer())) {
            producer.send(new ProducerRecord<>("transactions", null, purchase.timestamp().toEpochMilli(),
                    purchase.customerId(), purchase));
            producer.flush();
        }
    }

    private WebDriver startBrowser() throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--window-size=1440,1000",
                "--user-data-dir=" + Files.createDirectories(tmp.resolve("chromium-profile")));
        // The driver is given explicitly, so Selenium Manager never looks for (or downloads) one.
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(new File("target/chromedriver.log"))
                .build();
        return new ChromeDriver(service, options);
    }

    @SuppressWarnings("unchecked")
    private List<String> chartLabels(String canvasId) {
        Object labels = ((JavascriptExecutor) browser).executeScript(
                "const chart = window.Chart && Chart.getChart(arguments[0]);"
                        + " return chart ? chart.data.labels.map(String) : [];", canvasId);
        return (List<String>) labels;
    }

    @SuppressWarnings("unchecked")
    private List<Double> chartData(String canvasId, int dataset) {
        Object data = ((JavascriptExecutor) browser).executeScript(
                "const chart = window.Chart && Chart.getChart(arguments[0]);"
                        + " return chart ? chart.data.datasets[arguments[1]].data.map(Number) : [];", canvasId, dataset);
        return ((List<Number>) data).stream().map(Number::doubleValue).toList();
    }

    @SuppressWarnings("unchecked")
    private Set<String> scatterSegments() {
        Object segments = ((JavascriptExecutor) browser).executeScript(
                "const chart = window.Chart && Chart.getChart('customer-scatter');"
                        + " return chart ? chart.data.datasets.filter(d => d.data.length > 0).map(d => d.segment) : [];");
        return new HashSet<>((List<String>) segments);
    }

    private List<String> attributes(String selector, String attribute) {
        return browser.findElements(By.cssSelector(selector)).stream().map(e -> e.getDomAttribute(attribute)).toList();
    }

    /** The whole page, as tall as its content, for the README. */
    private void saveScreenshot() throws IOException {
        JavascriptExecutor page = (JavascriptExecutor) browser;
        // Charts redraw on resize: without their animation, the picture is taken of the finished drawing.
        page.executeScript("Object.values(Chart.instances).forEach(chart => {"
                + " chart.options.animation = false; chart.update('none'); });");
        for (int attempt = 0; attempt < 3; attempt++) {
            long missing = ((Number) page.executeScript("return document.documentElement.scrollHeight"
                    + " - window.innerHeight;")).longValue();
            if (missing <= 0) {
                break;
            }
            Dimension size = browser.manage().window().getSize();
            browser.manage().window().setSize(new Dimension(size.getWidth(),
                    (int) Math.min(5000, size.getHeight() + missing)));
        }
        page.executeScript("window.scrollTo(0, 0);");
        Files.createDirectories(SCREENSHOT.toAbsolutePath().getParent());
        byte[] png = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(SCREENSHOT, png);
        assertThat(png.length).isGreaterThan(10_000);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
