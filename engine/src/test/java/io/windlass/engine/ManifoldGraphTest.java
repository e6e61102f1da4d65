package io.windlass.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.util.concurrent.AbstractIdleService;
import com.google.common.util.concurrent.Service;
import com.google.inject.Guice;
import com.google.inject.Inject;
import com.google.inject.Key;
import com.google.inject.name.Named;
import com.google.inject.name.Names;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ManifoldGraphTest {

  /** Counts worker constructions, to show that reading the graph makes none. */
  static final AtomicInteger CONSTRUCTED = new AtomicInteger();

  static final class Clock {}

  static final class Source extends AbstractIdleService {
    @Inject
    Source() {
      CONSTRUCTED.incrementAndGet();
    }

    Clock clock() {
      return new Clock();
    }

    String label() {
      return "label";
    }

    @Override
    protected void startUp() {}

    @Override
    protected void shutDown() {}
  }

  static final class Sink extends AbstractIdleService {
    @Inject
    Sink(Clock clock, @Named("label") String label) {
      CONSTRUCTED.incrementAndGet();
    }

    @Override
    protected void startUp() {}

    @Override
    protected void shutDown() {}
  }

  static final class Idle extends AbstractIdleService {
    @Override
    protected void startUp() {}

    @Override
    protected void shutDown() {}
  }

  static final class Graph extends ManifoldModule {
    @Override
    protected void configureManifolds() {
      manifold("source")
          .worker(Source.class)
          .exposes(Clock.class, Source::clock)
          .exposes(Key.get(String.class, Names.named("label")), Source::label);
      manifold("hand-made")
          .inputs("source")
          .start(
              resources -> {
                CONSTRUCTED.incrementAndGet();
                return new Idle();
              });
      manifold("sink").inputs("hand-made", "source").worker(Sink.class);
    }
  }

  @Test
  void aConstructedEngineGivesTheResolvedGraphWithoutStartingAWorker() {
    CONSTRUCTED.set(0);
    Engine engine = Guice.createInjector(new EngineModule(), new Graph()).getInstance(Engine.class);

    ManifoldGraph graph = engine.graph();

    assertThat(engine.state()).isEqualTo(Service.State.NEW);
    assertThat(CONSTRUCTED).hasValue(0);
    assertThat(graph.nodes())
        .extracting(ManifoldGraph.Node::name)
        .containsExactly("source", "hand-made", "sink");
    ManifoldGraph.Node sink = graph.node("sink").orElseThrow();
    assertThat(sink.inputs()).containsExactly("hand-made", "source");
    assertThat(sink.isExplicit("source")).isTrue();
    assertThat(sink.isInferred("source")).isTrue();
    assertThat(sink.isInferred("hand-made")).isFalse();
    assertThat(sink.keysFrom("source"))
        .containsExactly(Key.get(Clock.class), Key.get(String.class, Names.named("label")));
    assertThat(sink.manifold().worker())
        .isEqualTo(new Manifold.InjectedWorker(Key.get(Sink.class)));
    ManifoldGraph.Node handMade = graph.node("hand-made").orElseThrow();
    assertThat(handMade.inputs()).containsExactly("source");
    assertThat(handMade.inferredKeys()).isEmpty();
    assertThat(handMade.manifold().worker()).isInstanceOf(Manifold.FunctionWorker.class);
    assertThat(graph.node("source").orElseThrow().inputs()).isEmpty();
    assertThat(graph.dependents("source")).containsExactly("hand-made", "sink");
    assertThat(graph.node("nothing")).isEmpty();
  }

  @Test
  void anInputOnlyInferredIsNotExplicit() {
    Engine engine =
        Guice.createInjector(
                new EngineModule(),
                new ManifoldModule() {
                  @Override
                  protected void configureManifolds() {
                    manifold("source")
                        .worker(Source.class)
                        .exposes(Clock.class, Source::clock)
                        .exposes(Key.get(String.class, Names.named("label")), Source::label);
                    manifold("sink").worker(Sink.class);
                  }
                })
            .getInstance(Engine.class);

    ManifoldGraph.Node sink = engine.graph().node("sink").orElseThrow();

    assertThat(sink.inputs()).containsExactly("source");
    assertThat(sink.isExplicit("source")).isFalse();
    assertThat(sink.isInferred("source")).isTrue();
  }

  @Test
  void manifoldsInstalledAtRunTimeAreInTheReportNotTheGraph() throws Exception {
    Engine engine = Guice.createInjector(new EngineModule(), new Graph()).getInstance(Engine.class);
    engine.startAsync().awaitRunning();
    try {
      engine.install(Manifold.builder("late").inputs("source").start(r -> new Idle()).build());

      assertThat(engine.graph().nodes())
          .extracting(ManifoldGraph.Node::name)
          .containsExactly("source", "hand-made", "sink");
      assertThat(engine.report().manifolds()).containsKey("late");
    } finally {
      engine.stopAsync().awaitTerminated(Duration.ofSeconds(30));
    }
  }

  @Test
  void aNodeMustListEveryExplicitAndInferredInput() {
    Manifold sink = Manifold.builder("sink").inputs("a").start(r -> new Idle()).build();

    assertThatThrownBy(() -> new ManifoldGraph.Node(sink, Set.of(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must contain the explicit inputs [a]");
    assertThatThrownBy(
            () -> new ManifoldGraph.Node(sink, Set.of("a"), Map.of(Key.get(Clock.class), "b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the inferred ones [b]");
  }

  @Test
  void namesAreUnique() {
    Manifold one = Manifold.builder("one").start(r -> new Idle()).build();
    ManifoldGraph.Node node = new ManifoldGraph.Node(one, Set.of(), Map.of());

    assertThatThrownBy(() -> new ManifoldGraph(List.of(node, node)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("manifold \"one\" appears twice");
  }
}
