package io.windlass.it.console;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.logging.Level;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's {@code chromium}, headless, driven through Debian's {@code chromedriver} at an explicit
 * path, so Selenium never looks for or downloads a driver or a browser of its own ({@code
 * scripts/test} installs both packages). Its console messages are kept ({@code goog:loggingPrefs})
 * for {@link #severeMessages()}. {@link #close()} quits it.
 */
final class HeadlessChromium implements AutoCloseable {

  /** Debian's browser; {@code $CHROMIUM_BIN} overrides it. */
  static final String BROWSER =
      Objects.requireNonNullElse(System.getenv("CHROMIUM_BIN"), "/usr/bin/chromium");

  /** Debian's driver; {@code $CHROMEDRIVER_BIN} overrides it. */
  static final String DRIVER =
      Objects.requireNonNullElse(System.getenv("CHROMEDRIVER_BIN"), "/usr/bin/chromedriver");

  private final ChromeDriverService service;
  private final ChromeDriver driver;

  HeadlessChromium(Path logFile, int width, int height) throws IOException {
    if (!Files.isExecutable(Path.of(BROWSER)) || !Files.isExecutable(Path.of(DRIVER))) {
      throw new IllegalStateException(
          BROWSER
              + " or "
              + DRIVER
              + " is missing: install Debian's chromium and chromium-driver (scripts/test does)");
    }
    // Selenium Manager is never asked: the driver is given, and so is the browser.
    System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, DRIVER);
    Files.createDirectories(logFile.getParent());
    service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(DRIVER))
            .usingAnyFreePort()
            .withLogFile(logFile.toFile())
            .withTimeout(Duration.ofSeconds(60))
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-extensions",
        "--disable-background-networking",
        "--disable-sync",
        "--disable-component-update",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        "--window-size=" + width + "," + height);
    LoggingPreferences logging = new LoggingPreferences();
    logging.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logging);
    driver = new ChromeDriver(service, options);
    checkMessagesAreRead();
  }

  /**
   * Logs an error from a page and reads it back, so that "no errors" is never a message channel
   * that reads nothing.
   */
  private void checkMessagesAreRead() {
    driver.get("data:text/html,<title>check</title>");
    driver.executeScript("console.error('windlass console check')");
    List<LogEntry> logged = driver.manage().logs().get(LogType.BROWSER).getAll();
    if (logged.stream().noneMatch(entry -> entry.getMessage().contains("windlass console check"))) {
      close();
      throw new IllegalStateException(
          "the browser's console messages cannot be read (goog:loggingPrefs): " + logged);
    }
  }

  ChromeDriver driver() {
    return driver;
  }

  /** Saves what the page shows now as a PNG. */
  void screenshot(Path png) throws IOException {
    Files.createDirectories(png.getParent());
    File shot = driver.getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), png, StandardCopyOption.REPLACE_EXISTING);
  }

  /** The console messages of level SEVERE (errors, failed loads) since the last call. */
  List<String> severeMessages() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::toString)
        .toList();
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      service.stop();
    }
  }
}
