/**
 * The examples the README shows, compiled and run here: a manifold module that extends the agent
 * ({@link io.windlass.it.readme.ThreadCountManifoldModule}), and an application that embeds the
 * engine ({@link io.windlass.it.readme.EmbeddedApplication}). {@link
 * io.windlass.it.readme.ReadmeSnippetsTest} checks that every Java block of the README is a region
 * of one of these files, word for word, so the README never shows code that does not compile.
 */
package io.windlass.it.readme;
