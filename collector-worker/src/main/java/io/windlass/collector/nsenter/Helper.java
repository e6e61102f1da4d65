package io.windlass.collector.nsenter;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The helper process's main class: {@code Helper <actionType>}, the request JSON on stdin, one
 * response JSON ({@code {"success", "message", "data"}}) on stdout. Nothing else goes to stdout:
 * {@code System.out} is pointed at stderr before any action runs, so stray prints and logs land
 * there.
 *
 * <p>Exit status 0 whenever a response was written, failed actions included; 2 for a usage error
 * (no or unknown action type, a body that is not JSON), with a failed response on stdout too.
 */
public final class Helper {
  private Helper() {}

  /** Runs the action named by {@code args[0]} and exits. */
  public static void main(String[] args) {
    PrintStream stdout = System.out;
    System.setOut(System.err);
    int status = run(args, System.in, stdout, actions());
    stdout.flush();
    System.exit(status);
  }

  /** The actions on the classpath, by type. */
  static Map<String, HelperAction> actions() {
    Map<String, HelperAction> actions = new TreeMap<>();
    for (HelperAction action : ServiceLoader.load(HelperAction.class)) {
      actions.put(action.actionType(), action);
    }
    return actions;
  }

  /** Reads the request from {@code in}, writes the response to {@code out}, returns the status. */
  static int run(
      String[] args, InputStream in, PrintStream out, Map<String, HelperAction> actions) {
    if (args.length != 1) {
      return answer(out, NsEnterResponse.failed("usage: Helper <actionType>"), 2);
    }
    HelperAction action = actions.get(args[0]);
    if (action == null) {
      return answer(
          out,
          NsEnterResponse.failed("unknown action type " + args[0] + "; known: " + actions.keySet()),
          2);
    }
    JsonNode request;
    try {
      request = NsEnterHelper.JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      return answer(out, NsEnterResponse.failed("request is not JSON: " + e.getMessage()), 2);
    }
    if (request == null || request.isMissingNode()) {
      return answer(out, NsEnterResponse.failed("request is empty"), 2);
    }
    try {
      return answer(out, NsEnterResponse.ok(action.run(request)), 0);
    } catch (Exception e) {
      return answer(out, NsEnterResponse.failed(args[0] + " failed: " + e), 0);
    }
  }

  private static int answer(PrintStream out, NsEnterResponse response, int status) {
    if (!response.success()) {
      System.err.println("helper: " + response.message());
    }
    out.println(NsEnterHelper.writeResponse(response));
    return status;
  }
}
