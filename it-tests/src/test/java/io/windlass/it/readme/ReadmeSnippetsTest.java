package io.windlass.it.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every Java block of the README is preceded by {@code <!-- snippet: FILE#REGION -->} and is, word
 * for word, the region of that file between {@code // readme:begin REGION} and {@code // readme:end
 * REGION} (indentation removed), so the README shows only code that compiles and runs.
 */
class ReadmeSnippetsTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern BLOCK =
      Pattern.compile("<!-- snippet: (\\S+)#(\\S+) -->\\n```java\\n(.*?)```", Pattern.DOTALL);

  @Test
  void everyJavaBlockOfTheReadmeIsACompiledRegion() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    List<String> checked = new ArrayList<>();
    Matcher block = BLOCK.matcher(readme);
    while (block.find()) {
      Path file = ROOT.resolve(block.group(1));
      String region = block.group(2);
      assertThat(file).as("the file of snippet %s#%s", block.group(1), region).isRegularFile();
      assertThat(block.group(3))
          .as("README snippet %s#%s", block.group(1), region)
          .isEqualTo(region(Files.readString(file), region));
      checked.add(region);
    }
    long javaBlocks = Pattern.compile("```java\\n").matcher(readme).results().count();
    assertThat(checked).as("every ```java block has a snippet marker").hasSize((int) javaBlocks);
    assertThat(checked).as("the README shows its examples").isNotEmpty();
  }

  /** The lines between the region's markers, with their common indentation removed. */
  static String region(String source, String name) {
    String begin = "// readme:begin " + name;
    String end = "// readme:end " + name;
    List<String> lines = new ArrayList<>();
    boolean inside = false;
    for (String line : source.split("\n", -1)) {
      if (line.strip().equals(begin)) {
        inside = true;
      } else if (line.strip().equals(end)) {
        inside = false;
      } else if (inside) {
        lines.add(line);
      }
    }
    assertThat(lines).as("region %s", name).isNotEmpty();
    int indent =
        lines.stream()
            .filter(l -> !l.isBlank())
            .mapToInt(l -> l.length() - l.stripLeading().length())
            .min()
            .orElse(0);
    StringBuilder text = new StringBuilder();
    for (String line : lines) {
      text.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
    }
    return text.toString();
  }
}
