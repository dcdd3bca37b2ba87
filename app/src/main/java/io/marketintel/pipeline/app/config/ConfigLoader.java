package io.marketintel.pipeline.app.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.marketintel.pipeline.config.DataSourceConfig;
import io.marketintel.pipeline.config.Endpoint;
import io.marketintel.pipeline.sink.journal.FsyncPolicy;
import io.marketintel.pipeline.sink.journal.JournalConfig;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Loads the pipeline's YAML configuration file (DESIGN.md section 4.3) into a {@link
 * PipelineConfig}, or refuses the whole file with a {@link ConfigException} listing every error,
 * each with its key path ({@code sources[3].endpoint}) and what was expected and found. The file
 * is parsed into a tree, {@code ${ENV}} references are substituted in its string values, and the
 * tree is then walked by hand rather than bound to objects, because binding stops at the first
 * mistake. Passwords never appear in an error. Stateless and thread-safe.
 */
public final class ConfigLoader {
    private static final List<String> TOP_KEYS = List.of("sources", "sinks", "monitoring");
    private static final List<String> JOURNAL_KEYS =
            List.of("type", "path", "segment_bytes", "fsync", "fsync_interval");
    private static final List<String> MONITORING_KEYS = List.of("bind", "log_interval");
    private static final Map<String, String> SINK_TYPES = Map.of("journal", "journal");
    private static final Map<String, FsyncPolicy> FSYNC = NodeReader.choices(FsyncPolicy.values());
    private static final long MIN_SEGMENT_BYTES = 4096;
    /** A segment is one file written (or mapped) as a whole: 1 GiB keeps it within an int index. */
    private static final long MAX_SEGMENT_BYTES = 1L << 30;
    /** Duplicate keys would otherwise be silently overwritten by the last one. */
    private static final YAMLMapper YAML =
            YAMLMapper.builder().enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY).build();

    /** Reads {@code file} with the process environment for {@code ${ENV}} substitution. */
    public PipelineConfig load(Path file) {
        return load(file, System.getenv());
    }

    /** Reads {@code file} (UTF-8), substituting from {@code env}; the file name is the errors' origin. */
    public PipelineConfig load(Path file, Map<String, String> env) {
        final String origin = file.toString();
        final String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(origin, List.of(new ConfigError("", "cannot read the file: " + describe(e))));
        }
        return parse(text, origin, env);
    }

    /** Parses configuration text with the process environment; {@code origin} names it in errors. */
    public PipelineConfig parse(String yamlText, String origin) {
        return parse(yamlText, origin, System.getenv());
    }

    /**
     * Parses configuration text, substituting {@code ${NAME}} from {@code env}.
     *
     * @param yamlText the YAML document
     * @param origin what the text is called in the error message, usually the file name
     * @param env the variables for substitution
     * @throws ConfigException with every error found, when there is any
     */
    public PipelineConfig parse(String yamlText, String origin, Map<String, String> env) {
        final NodeReader reader = new NodeReader();
        final Optional<JsonNode> root = readYaml(yamlText, reader);
        if (root.isPresent()) {
            new EnvSubstitution(env, reader).apply(root.get(), "");
            final PipelineConfig config = readPipeline(root.get(), reader);
            if (reader.errorCount() == 0) {
                return config;
            }
        }
        throw new ConfigException(origin, reader.errors());
    }

    private static Optional<JsonNode> readYaml(String yamlText, NodeReader reader) {
        try (JsonParser parser = YAML.createParser(yamlText)) {
            final JsonNode root = YAML.readTree(parser);
            if (NodeReader.isAbsent(root)) {
                reader.error("", "expected a mapping with a sources list, got an empty document");
                return Optional.empty();
            }
            if (parser.nextToken() != null) {
                reader.error("", "expected one YAML document, got more than one (a second '---')");
                return Optional.empty();
            }
            return Optional.of(root);
        } catch (JacksonException e) {
            reader.error("", syntaxError(e));
        } catch (IOException e) {
            reader.error("", "cannot read the YAML: " + describe(e));
        }
        return Optional.empty();
    }

    /**
     * Line, column and the parser's problem, but not SnakeYAML's full message: that quotes the
     * offending source line, which may hold a password.
     */
    private static String syntaxError(JacksonException e) {
        if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
            final Mark mark = yaml.getProblemMark();
            return "YAML syntax error at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1)
                    + ": " + yaml.getProblem() + (yaml.getContext() == null ? "" : " (" + yaml.getContext() + ")");
        }
        final String original = String.valueOf(e.getOriginalMessage());
        final int quoteEnd = original.indexOf("' for");
        final String problem = original.startsWith("Duplicate field '") && quoteEnd > 0
                ? "duplicate key '" + original.substring("Duplicate field '".length(), quoteEnd) + "'"
                : original.lines().findFirst().orElse("malformed YAML");
        final JsonLocation at = e.getLocation();
        return at == null ? "YAML syntax error: " + problem
                : "YAML syntax error at line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " + problem;
    }

    private static PipelineConfig readPipeline(JsonNode root, NodeReader reader) {
        final Optional<ObjectNode> top = reader.mapping(root, "", TOP_KEYS);
        if (top.isEmpty()) {
            return null;
        }
        final List<DataSourceConfig> sources = reader.require(top.get(), "", "sources")
                ? new SourceConfigReader(reader).readAll(top.get().get("sources"), "sources") : List.of();
        final List<JournalConfig> journals =
                reader.value(top.get(), "", "sinks", (node, path) -> readSinks(node, path, reader)).orElse(List.of());
        final MonitoringConfig monitoring = reader.value(top.get(), "", "monitoring",
                (node, path) -> readMonitoring(node, path, reader)).orElse(MonitoringConfig.defaults());
        return new PipelineConfig(sources, journals, monitoring);
    }

    private static Optional<List<JournalConfig>> readSinks(JsonNode node, String at, NodeReader reader) {
        final Optional<List<JsonNode>> items = reader.list(node, at);
        final List<JournalConfig> journals = new ArrayList<>();
        for (int i = 0; items.isPresent() && i < items.get().size(); i++) {
            readSink(items.get().get(i), NodeReader.index(at, i), reader).ifPresent(journals::add);
        }
        return Optional.of(journals);
    }

    private static Optional<JournalConfig> readSink(JsonNode node, String at, NodeReader reader) {
        if (!(node instanceof ObjectNode sink)) {
            reader.error(at, "expected a mapping, got " + NodeReader.describe(node, at));
            return Optional.empty();
        }
        // The allowed keys depend on the type, so an unknown type is reported alone.
        if (!reader.require(sink, at, "type") || reader.choice(sink, at, "type", SINK_TYPES).isEmpty()) {
            return Optional.empty();
        }
        final int before = reader.errorCount();
        reader.mapping(sink, at, JOURNAL_KEYS);
        final Path directory = reader.require(sink, at, "path")
                ? reader.nonBlankText(sink, at, "path")
                        .flatMap(text -> toPath(text, NodeReader.child(at, "path"), reader)).orElse(null)
                : null;
        final long segmentBytes = reader.size(sink, at, "segment_bytes", MIN_SEGMENT_BYTES, MAX_SEGMENT_BYTES)
                .orElse(JournalConfig.DEFAULT_SEGMENT_BYTES);
        final FsyncPolicy fsync = reader.choice(sink, at, "fsync", FSYNC).orElse(FsyncPolicy.INTERVAL);
        final Duration interval = reader.duration(sink, at, "fsync_interval", false)
                .orElse(JournalConfig.DEFAULT_FSYNC_INTERVAL);
        if (!reader.isClean(before, at)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new JournalConfig(directory, segmentBytes, fsync, interval));
        } catch (IllegalArgumentException e) {
            reader.error(at, e.getMessage());
            return Optional.empty();
        }
    }

    private static Optional<Path> toPath(String text, String at, NodeReader reader) {
        try {
            return Optional.of(Path.of(text));
        } catch (InvalidPathException e) {
            reader.error(at, "expected a file system path, got " + NodeReader.quote(text) + " (" + e.getReason() + ")");
            return Optional.empty();
        }
    }

    private static Optional<MonitoringConfig> readMonitoring(JsonNode node, String at, NodeReader reader) {
        final int before = reader.errorCount();
        final Optional<ObjectNode> found = reader.mapping(node, at, MONITORING_KEYS);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        final Endpoint bind = reader.nonBlankText(found.get(), at, "bind").flatMap(text -> {
            final Optional<Endpoint> endpoint = Endpoint.parseHostPort(text);
            if (endpoint.isEmpty()) {
                reader.error(NodeReader.child(at, "bind"), "expected host:port, got " + NodeReader.quote(text));
            }
            return endpoint;
        }).orElse(null);
        final Duration logInterval = reader.duration(found.get(), at, "log_interval", true)
                .orElse(MonitoringConfig.DEFAULT_LOG_INTERVAL);
        return reader.isClean(before, at) ? Optional.of(new MonitoringConfig(bind, logInterval)) : Optional.empty();
    }

    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof MalformedInputException) {
            return "not valid UTF-8";
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
