package org.rfmstream.ops.deploy;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Constants read from the Java source of a program in this repository. The ops tests must not depend on
 * streams-app or the trainer (the trainer is GPL; ops is not), yet the deployment files must use the names those
 * programs declare: reading the declaring source keeps the two in step, and a constant that is renamed or moved
 * fails here with the file and the name.
 */
final class SourceConstants {

    private final String file;
    private final String source;

    private SourceConstants(String file, String source) {
        this.file = file;
        this.source = source;
    }

    /** @param file relative to the repository root */
    static SourceConstants of(String file) {
        return new SourceConstants(file, Repository.read(file));
    }

    static SourceConstants ofText(String name, String source) {
        return new SourceConstants(name, source);
    }

    /** The value of {@code static final String NAME = "value";}. */
    String string(String name) {
        return declared(name, "String\\s+" + Pattern.quote(name) + "\\s*=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*;",
                "a String constant");
    }

    /** The value of {@code static final int NAME = 123;} (underscores allowed). */
    int integer(String name) {
        return Integer.parseInt(declared(name, "int\\s+" + Pattern.quote(name) + "\\s*=\\s*([0-9_]+)\\s*;",
                "an int constant").replace("_", ""));
    }

    /** The string argument of each constant of {@code enum NAME}, e.g. {@code EVENT_TIME("event-time")}. */
    Set<String> enumStrings(String enumName) {
        Matcher body = Pattern.compile("enum\\s+" + Pattern.quote(enumName) + "\\s*\\{([^;]*);").matcher(source);
        if (!body.find()) {
            throw missing(enumName, "an enum");
        }
        Set<String> values = new LinkedHashSet<>();
        Matcher constant = Pattern.compile("[A-Z][A-Z0-9_]*\\s*\\(\\s*\"([^\"]*)\"\\s*\\)").matcher(body.group(1));
        while (constant.find()) {
            values.add(constant.group(1));
        }
        if (values.isEmpty()) {
            throw missing(enumName, "an enum whose constants take a string");
        }
        return values;
    }

    private String declared(String name, String regex, String what) {
        Matcher matcher = Pattern.compile("static\\s+final\\s+" + regex).matcher(source);
        if (!matcher.find()) {
            throw missing(name, what);
        }
        return matcher.group(1);
    }

    private IllegalStateException missing(String name, String what) {
        return new IllegalStateException(file + " no longer declares " + name + " as " + what + "; the deployment "
                + "checks read it from there (ProgramSettings): point them at its new home.");
    }
}
