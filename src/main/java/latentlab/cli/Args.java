package latentlab.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parsed {@code --name value} options of one command, and the plain words among them (a sub-command
 * and its operands, as in {@code datasets download mnist}). Every option a command reads is recorded,
 * so that {@link #rejectUnused()} can name a misspelt one, and words are an error unless the command
 * asks for them.
 */
final class Args {
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Set<String> flags = new LinkedHashSet<>();
    private final Set<String> used = new LinkedHashSet<>();
    private final List<String> words = new ArrayList<>();
    private boolean wordsUsed;

    Args(List<String> args, Set<String> flagNames) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--")) {
                words.add(a);
                continue;
            }
            if (a.length() == 2) {
                throw new UsageException("unexpected argument '" + a + "': options look like --name value");
            }
            String name = a.substring(2);
            int eq = name.indexOf('=');
            if (eq >= 0) {
                values.put(name.substring(0, eq), name.substring(eq + 1));
            } else if (flagNames.contains(name)) {
                flags.add(name);
            } else {
                if (i + 1 >= args.size()) {
                    throw new UsageException("option --" + name + " needs a value");
                }
                values.put(name, args.get(++i));
            }
        }
    }

    Optional<String> string(String name) {
        used.add(name);
        return Optional.ofNullable(values.get(name));
    }

    String string(String name, String fallback) {
        return string(name).orElse(fallback);
    }

    String required(String name) {
        return string(name).orElseThrow(() -> new UsageException("option --" + name + " is required"));
    }

    Optional<Path> path(String name) {
        return string(name).map(Path::of);
    }

    int integer(String name, int fallback) {
        return string(name).map(v -> parse(name, v, Integer::parseInt, "a whole number")).orElse(fallback);
    }

    long longValue(String name, long fallback) {
        return string(name).map(v -> parse(name, v, Long::parseLong, "a whole number")).orElse(fallback);
    }

    double number(String name, double fallback) {
        return string(name).map(v -> parse(name, v, Double::parseDouble, "a number")).orElse(fallback);
    }

    List<Integer> integers(String name, List<Integer> fallback) {
        Optional<String> v = string(name);
        if (v.isEmpty()) {
            return fallback;
        }
        List<Integer> out = new ArrayList<>();
        if (v.get().isBlank() || v.get().equals("none")) {
            return out;
        }
        for (String part : v.get().split(",")) {
            out.add(parse(name, part.trim(), Integer::parseInt, "a comma-separated list of whole numbers"));
        }
        return out;
    }

    boolean flag(String name) {
        used.add(name);
        return flags.contains(name);
    }

    /** The plain words, in order: a sub-command and its operands. */
    List<String> words() {
        wordsUsed = true;
        return List.copyOf(words);
    }

    /** Fails on an option that the command never asked for, naming it, and on words it did not ask for. */
    void rejectUnused() {
        if (!wordsUsed && !words.isEmpty()) {
            throw new UsageException("unexpected argument '" + words.getFirst() + "': options look like --name value");
        }
        for (String name : values.keySet()) {
            if (!used.contains(name)) {
                throw new UsageException("unknown option --" + name);
            }
        }
        for (String name : flags) {
            if (!used.contains(name)) {
                throw new UsageException("unknown option --" + name);
            }
        }
    }

    private static <T> T parse(String name, String v, java.util.function.Function<String, T> f, String what) {
        try {
            return f.apply(v);
        } catch (NumberFormatException e) {
            throw new UsageException("option --" + name + " takes " + what + ", found '" + v + "'");
        }
    }

    /** A command line that does not fit its command; the message says what to change. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
