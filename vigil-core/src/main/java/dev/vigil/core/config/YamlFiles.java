package dev.vigil.core.config;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads YAML into {@link ConfigNode} trees with line numbers. Uses SnakeYAML's node graph (the parser
 * under Jackson's YAML module) because Jackson's tree model drops source positions.
 */
public final class YamlFiles {
    /** Large enough for any hand-written config, small enough that a stray binary file cannot exhaust memory. */
    private static final int MAX_BYTES = 8 * 1024 * 1024;

    private YamlFiles() {}

    /** Parses a file; a missing file, a syntax error or an oversized file becomes a {@link ConfigException}. */
    public static ConfigNode read(Path file, String displayName) throws ConfigException {
        String text;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new ConfigException(List.of(new ConfigError(new Location(displayName, 1),
                        "file is larger than " + MAX_BYTES / (1024 * 1024) + " MiB; is this really a config file?")));
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            throw new ConfigException(List.of(new ConfigError(new Location(displayName, 1), "file is not UTF-8 text")));
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigError(new Location(displayName, 1),
                    "cannot read file: " + e.getClass().getSimpleName())));
        }
        return parse(text, displayName);
    }

    public static ConfigNode parse(String text, String displayName) throws ConfigException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // we report duplicates ourselves, with both lines
        options.setMaxAliasesForCollections(50); // billion-laughs guard
        options.setCodePointLimit(MAX_BYTES);
        try (Reader reader = new StringReader(text)) {
            Node root = new Yaml(options).compose(reader);
            List<ConfigError> errors = new ArrayList<>();
            if (root == null) {
                return new ConfigNode.Mapping(Map.of(), new Location(displayName, 1));
            }
            ConfigNode tree = convert(root, displayName, errors);
            if (!errors.isEmpty()) {
                throw new ConfigException(errors);
            }
            return tree;
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 1;
            String problem = e.getProblem() == null ? "invalid YAML" : e.getProblem();
            throw new ConfigException(List.of(new ConfigError(new Location(displayName, line),
                    "YAML syntax error: " + problem)));
        } catch (org.yaml.snakeyaml.error.YAMLException e) {
            throw new ConfigException(List.of(new ConfigError(new Location(displayName, 1),
                    "YAML error: " + firstLine(e.getMessage()))));
        } catch (IOException e) {
            throw new IllegalStateException("reading from a string cannot fail", e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "invalid YAML";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static ConfigNode convert(Node node, String file, List<ConfigError> errors) {
        Location at = new Location(file, node.getStartMark().getLine() + 1);
        return switch (node) {
            case ScalarNode s -> new ConfigNode.Scalar(
                    s.getTag().getValue().endsWith(":null") ? null : s.getValue(), at);
            case SequenceNode s -> new ConfigNode.Sequence(
                    s.getValue().stream().map(n -> convert(n, file, errors)).toList(), at);
            case MappingNode m -> {
                Map<String, ConfigNode> entries = new LinkedHashMap<>();
                for (NodeTuple tuple : m.getValue()) {
                    Node keyNode = tuple.getKeyNode();
                    Location keyAt = new Location(file, keyNode.getStartMark().getLine() + 1);
                    if (!(keyNode instanceof ScalarNode key)) {
                        errors.add(new ConfigError(keyAt, "keys must be plain words, not lists or mappings"));
                        continue;
                    }
                    ConfigNode previous = entries.put(key.getValue(), convert(tuple.getValueNode(), file, errors));
                    if (previous != null) {
                        errors.add(new ConfigError(keyAt, "duplicate key '" + key.getValue()
                                + "' (first set at line " + previous.location().line() + ")"));
                    }
                }
                yield new ConfigNode.Mapping(entries, at);
            }
            default -> {
                errors.add(new ConfigError(at, "unsupported YAML node"));
                yield new ConfigNode.Scalar(null, at);
            }
        };
    }
}
