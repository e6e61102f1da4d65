package io.windlass.engine.internal;

import com.google.inject.Key;
import java.util.Collection;
import java.util.stream.Collectors;

/** Short descriptions of Guice keys for messages: {@code @Named("x") com.example.Foo}. */
final class Keys {
  private Keys() {}

  static String describe(Key<?> key) {
    String type = key.getTypeLiteral().toString();
    if (key.getAnnotation() != null) {
      return key.getAnnotation() + " " + type;
    }
    if (key.getAnnotationType() != null) {
      return "@" + key.getAnnotationType().getName() + " " + type;
    }
    return type;
  }

  static String describe(Collection<? extends Key<?>> keys) {
    return keys.stream().map(Keys::describe).collect(Collectors.joining(", ", "[", "]"));
  }
}
