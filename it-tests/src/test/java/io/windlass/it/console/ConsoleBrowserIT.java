package io.windlass.it.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.windlass.it.agent.AgentExtension;
import io.windlass.it.agent.WindlassAgentProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real headless Chromium against the agent's jar: every page loads and draws
 * without a console error; the graph has one node per manifold of the engine report; a demo worker
 * that fails ({@code demo.fail-every}) is drawn failed with its error and restart count as the
 * engine restarts it; a sender whose sink refuses connections shows its error on the graph, the
 * manifolds table and the sender page within a refresh; an input that cannot reach its target shows
 * its last error on the targets page; a config change that is kept out shows its problems on the
 * overview; with a token, the browser signs in through the login form and reads with its cookie.
 * Screenshots of every page are saved under {@code target/screenshots}.
 */
class ConsoleBrowserIT {
  /** Two refreshes of the console (every 2 s), with room for a loaded machine. */
  private static final Duration WITHIN_A_REFRESH = Duration.ofSeconds(30);

  private static final Path SCREENSHOTS = Paths.get("target", "screenshots");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final List<String> PAGES =
      List.of("/", "/console/manifolds", "/console/spool", "/console/sender", "/console/targets");

  @RegisterExtension final AgentExtension agents = new AgentExtension();

  private final HttpClient http = HttpClient.newHttpClient();
  private HeadlessChromium chromium;
  private String testName = "test";

  @BeforeEach
  void startBrowser(TestInfo test) throws IOException {
    testName = test.getTestMethod().orElseThrow().getName();
    chromium =
        new HeadlessChromium(Paths.get("target", "chromedriver", testName + ".log"), 1280, 1100);
  }

  @AfterEach
  void stopBrowser() {
    if (chromium != null) {
      chromium.close();
    }
  }

  /** A loopback port nothing listens on: bound, then let go. */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String config(int closedPort) {
    return "agent:\n  tag: edge-01\n"
        + "inputs:\n"
        + "  - {type: cpu, interval: 1s}\n"
        + "  - {type: mem, interval: 1s}\n"
        + "  - {type: load, interval: 1s}\n"
        + "  - {type: dialcheck, id: database, host: 127.0.0.1, port: "
        + closedPort
        + ", interval: 1s, timeout: 500ms}\n"
        + "  - {type: prometheus, id: node, url: \"http://127.0.0.1:"
        + closedPort
        + "/metrics\", interval: 1s, timeout: 500ms}\n"
        + "sink:\n  url: http://127.0.0.1:"
        + closedPort
        + "/api/v1/write\n  interval: 200ms\n  retry-min: 100ms\n  retry-max: 1s\n"
        + "demo:\n  fail-every: 3\n";
  }

  private WebDriver open(WindlassAgentProcess agent, String page) {
    WebDriver driver = chromium.driver();
    driver.get(agent.uri(page).toString());
    awaitLoaded(driver);
    return driver;
  }

  /** Waits until the page has drawn its document once. */
  private static void awaitLoaded(WebDriver driver) {
    new WebDriverWait(driver, WITHIN_A_REFRESH)
        .until(d -> !d.findElements(By.cssSelector("#content[data-loaded]")).isEmpty());
  }

  /**
   * Waits within a refresh. The page redraws its content every refresh, so an element found may go
   * stale before it is read: such a try is repeated.
   */
  private static WebDriverWait within(WebDriver driver) {
    WebDriverWait wait = new WebDriverWait(driver, WITHIN_A_REFRESH);
    wait.ignoring(StaleElementReferenceException.class);
    return wait;
  }

  private void screenshot(String page) throws IOException {
    String name = page.equals("/") ? "overview" : page.substring(page.lastIndexOf('/') + 1);
    chromium.screenshot(SCREENSHOTS.resolve(testName + "-" + name + ".png"));
  }

  private JsonNode engineReport(WindlassAgentProcess agent) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(agent.uri("/engine")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  @Test
  void everyPageShowsTheAgentWithoutAConsoleErrorAndAFailingSenderShowsItsError() throws Exception {
    WindlassAgentProcess agent =
        agents.track(new WindlassAgentProcess()).config(config(closedPort())).extraArgs("--demo");
    agent.start();

    for (String page : PAGES) {
      WebDriver driver = open(agent, page);
      assertThat(driver.findElement(By.id("agent-name")).getText()).isEqualTo("edge-01");
      assertThat(driver.findElement(By.cssSelector("#tabs a.active")).getDomAttribute("href"))
          .endsWith(page);
    }
    assertThat(chromium.severeMessages()).as("console errors").isEmpty();

    // The graph: one node per manifold of the engine report, each named.
    WebDriver driver = open(agent, "/console/manifolds");
    Set<String> manifolds = new TreeSet<>();
    engineReport(agent).get("manifolds").fieldNames().forEachRemaining(manifolds::add);
    assertThat(manifolds).contains("agent", "spool", "sender", "collector", "status", "ticker");
    Set<String> nodes =
        driver.findElements(By.cssSelector("#graph svg g.node")).stream()
            .map(node -> node.getDomAttribute("data-manifold"))
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(nodes).isEqualTo(manifolds);
    assertThat(driver.findElements(By.cssSelector("#graph svg path.edge"))).isNotEmpty();

    // The sender's sink refuses connections: its error shows on its node and row.
    within(driver)
        .until(
            d ->
                d.findElement(By.cssSelector("#graph g.node[data-manifold='sender']"))
                    .getDomAttribute("class")
                    .contains("troubled"));
    within(driver)
        .until(
            d ->
                d.findElement(By.cssSelector("tr[data-manifold='sender'] td.error"))
                    .getText()
                    .contains("cannot connect"));
    screenshot("/console/manifolds");

    // The demo's ticker fails at its third tick, every time: the engine restarts it with backoff,
    // and the page shows it failed, with its error and its restarts, within a refresh.
    // Read in one go from one drawing of the page: node, badge, error and restarts.
    List<String> failed =
        within(driver)
            .until(
                d -> {
                  WebElement node =
                      d.findElement(By.cssSelector("#graph g.node[data-manifold='ticker']"));
                  String state = node.findElement(By.cssSelector("text.state")).getText();
                  if (!node.getDomAttribute("class").contains("failed")
                      || !state.matches(".* \\d+ restarts?")) {
                    return null;
                  }
                  WebElement row = d.findElement(By.cssSelector("tr[data-manifold='ticker']"));
                  String badge = row.findElement(By.cssSelector(".badge")).getText();
                  if (!badge.equals("failed")) {
                    return null; // the page was redrawn between the two reads: read again
                  }
                  return List.of(
                      state,
                      badge,
                      row.findElement(By.cssSelector("td.error")).getText(),
                      row.findElement(By.cssSelector("td:nth-child(5)")).getText());
                });
    assertThat(failed.get(0))
        .as("failed, waiting out its restart delay")
        .containsPattern("^restarting · \\d+ restarts?$");
    assertThat(failed.get(1)).isEqualTo("failed");
    assertThat(failed.get(2)).contains("ticker failed at tick 3", "demo.fail-every: 3");
    assertThat(Long.parseLong(failed.get(3))).as("restarts").isPositive();
    screenshot("/console/manifolds");

    driver = open(agent, "/console/sender");
    WebElement lastError = within(driver).until(d -> d.findElement(By.id("sender-last-error")));
    assertThat(lastError.getText()).contains("cannot connect", "Connection refused");
    assertThat(driver.findElement(By.id("content")).getText()).containsIgnoringCase("in flight");
    screenshot("/console/sender");

    driver = open(agent, "/console/targets");
    for (String input : List.of("cpu", "mem", "load", "database", "node")) {
      assertThat(driver.findElements(By.cssSelector("tr[data-target='" + input + "']")))
          .as(input)
          .hasSize(1);
    }
    within(driver)
        .until(
            d ->
                d.findElement(By.cssSelector("tr[data-target='cpu'] .badge"))
                    .getText()
                    .equals("up"));
    // The node scrape target is a closed port: down, with its last error on one bounded line.
    within(driver)
        .until(
            d ->
                !d.findElements(By.cssSelector("tr[data-target='node'] td.error .target-error"))
                    .isEmpty());
    List<String> node =
        within(driver)
            .until(
                d -> {
                  WebElement row = d.findElement(By.cssSelector("tr[data-target='node']"));
                  return List.of(
                      row.findElement(By.cssSelector(".badge")).getText(),
                      row.findElement(By.cssSelector("td.error .target-error")).getText());
                });
    assertThat(node.get(0)).isEqualTo("down");
    assertThat(node.get(1)).contains("127.0.0.1").hasSizeLessThanOrEqualTo(200);
    screenshot("/console/targets");

    driver = open(agent, "/console/spool");
    within(driver).until(d -> !d.findElements(By.cssSelector(".chart polyline.line")).isEmpty());
    screenshot("/console/spool");

    // A config change that cannot be used is kept out, and the overview says why.
    driver = open(agent, "/");
    screenshot("/");
    Path config = agent.workDir().resolve("windlass.yaml");
    String running = Files.readString(config, StandardCharsets.UTF_8);
    Files.writeString(
        config, running.replace("  - {type: mem, interval: 1s}\n", "  - {type: memory}\n"));
    WebElement rejected = within(driver).until(d -> d.findElement(By.id("config-rejected")));
    assertThat(rejected.getText()).contains("kept out", "memory");
    screenshot("/");

    assertThat(chromium.severeMessages()).as("console errors").isEmpty();
  }

  @Test
  void withATokenTheBrowserSignsInOnceAndReadsWithItsCookie() throws Exception {
    String token = "it-" + Long.toHexString(System.nanoTime());
    WindlassAgentProcess agent =
        agents.track(new WindlassAgentProcess()).config(config(closedPort())).token(token);
    agent.start();
    WebDriver driver = chromium.driver();

    driver.get(agent.uri("/console/manifolds").toString());
    within(driver).until(d -> d.getCurrentUrl().endsWith("/login"));
    driver.findElement(By.id("token")).sendKeys("not-" + token);
    driver.findElement(By.cssSelector("form.login button")).click();
    assertThat(within(driver).until(d -> d.findElement(By.id("refused"))).getText())
        .isEqualTo("That is not this agent's token.");
    assertThat(chromium.severeMessages())
        .as("the one error: the wrong token's 401")
        .singleElement()
        .asString()
        .contains("/login", "401")
        .as("the token is posted, never in an address")
        .doesNotContain("token=");
    assertThat(driver.getCurrentUrl()).doesNotContain("not-" + token);
    screenshot("/login");
    driver.findElement(By.id("token")).sendKeys(token);
    driver.findElement(By.cssSelector("form.login button")).click();

    within(driver).until(d -> URI.create(d.getCurrentUrl()).getPath().equals("/"));
    assertThat(driver.getCurrentUrl()).doesNotContain(token);
    awaitLoaded(driver);
    assertThat(driver.findElement(By.id("agent-name")).getText()).isEqualTo("edge-01");
    driver.get(agent.uri("/console/manifolds").toString());
    awaitLoaded(driver);
    assertThat(driver.findElements(By.cssSelector("#graph svg g.node"))).isNotEmpty();
    assertThat(driver.manage().getCookieNamed("windlass_console").isHttpOnly()).isTrue();
    assertThat(chromium.severeMessages()).as("console errors").isEmpty();
  }
}
