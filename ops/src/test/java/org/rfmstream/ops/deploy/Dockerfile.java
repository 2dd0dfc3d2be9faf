package org.rfmstream.ops.deploy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The repository's Dockerfile, read into its stages and instructions (enough of the syntax for the checks). */
final class Dockerfile {

    record Instruction(String keyword, String arguments) {
    }

    record Stage(String name, String base, List<Instruction> instructions) {

        List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        }

        Optional<Instruction> last(String keyword) {
            List<Instruction> found = all(keyword);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.getLast());
        }
    }

    static final String PATH = "Dockerfile";

    private static final Pattern FROM = Pattern.compile("(?i)(?:--platform=\\S+\\s+)?(\\S+)(?:\\s+AS\\s+(\\S+))?");
    private static final Pattern ENV_PAIR = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"(?:[^\"\\\\]|\\\\.)*\"|\\S*)");

    private final List<Stage> stages;

    private Dockerfile(List<Stage> stages) {
        this.stages = List.copyOf(stages);
    }

    static Dockerfile load() {
        return parse(Repository.read(PATH));
    }

    static Dockerfile parse(String text) {
        List<Stage> stages = new ArrayList<>();
        List<Instruction> current = null;
        StringBuilder logical = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            String trimmed = line.strip();
            if (logical.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
                continue;
            }
            if (!logical.isEmpty() && trimmed.startsWith("#")) {
                continue; // comment lines inside a continued instruction
            }
            if (trimmed.endsWith("\\")) {
                logical.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            logical.append(trimmed);
            String instruction = logical.toString().strip();
            logical.setLength(0);
            int space = instruction.indexOf(' ');
            String keyword = (space < 0 ? instruction : instruction.substring(0, space)).toUpperCase(Locale.ROOT);
            String arguments = space < 0 ? "" : instruction.substring(space + 1).strip().replaceAll("\\s+", " ");
            if (keyword.equals("FROM")) {
                Matcher from = FROM.matcher(arguments);
                if (!from.matches()) {
                    throw new IllegalStateException("cannot read FROM " + arguments);
                }
                current = new ArrayList<>();
                stages.add(new Stage(from.group(2), from.group(1), current));
            } else if (current == null) {
                if (!keyword.equals("ARG")) {
                    throw new IllegalStateException(keyword + " before the first FROM");
                }
            } else {
                current.add(new Instruction(keyword, arguments));
            }
        }
        return new Dockerfile(stages);
    }

    List<Stage> stages() {
        return stages;
    }

    Optional<Stage> findStage(String name) {
        return stages.stream().filter(s -> name.equals(s.name())).findFirst();
    }

    Stage stage(String name) {
        return findStage(name).orElseThrow(() -> new AssertionError("no stage '" + name + "' in " + PATH));
    }

    /** The stage and the stages it is built FROM, nearest last. */
    List<Stage> chain(String target) {
        List<Stage> chain = new ArrayList<>();
        for (Optional<Stage> stage = findStage(target); stage.isPresent(); stage = findStage(stage.get().base())) {
            chain.addFirst(stage.get());
        }
        return chain;
    }

    /** The external image a target ultimately starts from. */
    String baseImage(String target) {
        return chain(target).getFirst().base();
    }

    /** ENV of a target, inherited through its FROM chain. */
    Map<String, String> environment(String target) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (Stage stage : chain(target)) {
            for (Instruction env : stage.all("ENV")) {
                Matcher pair = ENV_PAIR.matcher(env.arguments());
                while (pair.find()) {
                    String value = pair.group(2);
                    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                        value = value.substring(1, value.length() - 1).replace("\\\"", "\"");
                    }
                    environment.put(pair.group(1), value);
                }
            }
        }
        return environment;
    }

    /** The last instruction of a kind along a target's FROM chain (what the image ends up with). */
    Optional<Instruction> effective(String target, String keyword) {
        Optional<Instruction> found = Optional.empty();
        for (Stage stage : chain(target)) {
            Optional<Instruction> last = stage.last(keyword);
            if (last.isPresent()) {
                found = last;
            }
        }
        return found;
    }

    /** The exec-form ENTRYPOINT of a target; a shell-form one is an error (signals would not reach java). */
    List<String> entrypoint(String target) {
        String arguments = effective(target, "ENTRYPOINT")
                .orElseThrow(() -> new AssertionError("no ENTRYPOINT for target " + target))
                .arguments();
        if (!arguments.startsWith("[")) {
            throw new AssertionError("ENTRYPOINT of " + target + " is in shell form: " + arguments);
        }
        try {
            return new ObjectMapper().readValue(arguments, new TypeReference<List<String>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("ENTRYPOINT of " + target + " is not a JSON array: " + arguments, e);
        }
    }
}
