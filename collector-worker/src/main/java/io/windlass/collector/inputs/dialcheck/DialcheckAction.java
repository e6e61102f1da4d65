package io.windlass.collector.inputs.dialcheck;

import com.fasterxml.jackson.databind.JsonNode;
import io.windlass.collector.nsenter.HelperAction;
import io.windlass.collector.nsenter.NsEnterHelper;

/** The helper's {@code dialcheck} action: a {@link DialcheckConfig} in, the dial's metrics out. */
public final class DialcheckAction implements HelperAction {
  /** The action type. */
  public static final String TYPE = "dialcheck";

  /** For {@link java.util.ServiceLoader}. */
  public DialcheckAction() {}

  @Override
  public String actionType() {
    return TYPE;
  }

  @Override
  public JsonNode run(JsonNode request) {
    return NsEnterHelper.toData(Dialcheck.check(DialcheckConfig.fromJson(request)));
  }
}
