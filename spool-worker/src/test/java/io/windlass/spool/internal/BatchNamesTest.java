package io.windlass.spool.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windlass.spool.internal.BatchNames.Kind;
import org.junit.jupiter.api.Test;

class BatchNamesTest {
  private static final String UUID = "6ba7b810-9dad-41d1-80b4-00c04fd430c8";

  @Test
  void classifiesJujuLayout() {
    assertThat(BatchNames.classify(UUID)).isEqualTo(Kind.DATA);
    assertThat(BatchNames.classify(UUID + ".meta")).isEqualTo(Kind.META);
    assertThat(BatchNames.classify("." + UUID + ".inc-1234")).isEqualTo(Kind.TEMP);
    assertThat(BatchNames.classify("." + UUID + ".meta.inc-1234")).isEqualTo(Kind.TEMP);
    assertThat(BatchNames.classify(".windlass.lock")).isEqualTo(Kind.OTHER);
    assertThat(BatchNames.classify("quarantine")).isEqualTo(Kind.DATA);
    assertThat(BatchNames.classify("bad name.meta")).isEqualTo(Kind.BAD_META);
    assertThat(BatchNames.classify(".meta")).isEqualTo(Kind.OTHER); // hidden
    assertThat(BatchNames.classify("notes.txt")).isEqualTo(Kind.OTHER);
  }

  @Test
  void namesTemporaryFilesAsJujuDoes() {
    assertThat(BatchNames.tempName(UUID + ".meta", "ab12"))
        .isEqualTo("." + UUID + ".meta.inc-ab12");
    assertThat(BatchNames.metaName(UUID)).isEqualTo(UUID + ".meta");
    assertThat(BatchNames.uuidOfMeta(UUID + ".meta")).isEqualTo(UUID);
  }

  @Test
  void acceptsOnlyPlainFileNamesAsUuids() {
    assertThat(BatchNames.uuidProblem("test-uuid")).isNull();
    assertThat(BatchNames.uuidProblem(UUID)).isNull();
    assertThat(BatchNames.uuidProblem("")).isEqualTo("uuid must not be empty");
    assertThat(BatchNames.uuidProblem(null)).isEqualTo("uuid must not be null");
    assertThat(BatchNames.uuidProblem("../etc"))
        .isEqualTo("uuid \"../etc\" may hold only letters, digits and '-'");
    assertThat(BatchNames.uuidProblem("a".repeat(65)))
        .isEqualTo("uuid \"aaaaaaaaaaaaaaaa…\" is 65 characters long; the limit is 64");
    assertThatThrownBy(() -> BatchNames.checkUuid("a/b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("uuid \"a/b\" may hold only letters, digits and '-'");
  }

  @Test
  void recognisesCanonicalUuids() {
    assertThat(BatchNames.isCanonicalUuid(UUID)).isTrue();
    assertThat(BatchNames.isCanonicalUuid("test-uuid")).isFalse();
    assertThat(BatchNames.isCanonicalUuid("6ba7b810-9dad-41d1-80b4-00c04fd430cg")).isFalse();
    assertThat(BatchNames.isCanonicalUuid("6ba7b8109-dad-41d1-80b4-00c04fd430c8")).isFalse();
  }
}
