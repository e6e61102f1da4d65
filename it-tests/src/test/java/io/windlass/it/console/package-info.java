/**
 * The agent's web console in a real browser: Debian's headless Chromium driven by Selenium through
 * its {@code chromedriver}, against the agent's jar run as users run it.
 */
@NullMarked
package io.windlass.it.console;

import org.jspecify.annotations.NullMarked;
