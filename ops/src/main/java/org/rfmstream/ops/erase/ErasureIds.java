package org.rfmstream.ops.erase;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.rfmstream.ops.OpsException;
import org.rfmstream.schemas.ErasureRequests;

/**
 * The customer ids one {@code ops erase} run asks to erase: from the command line and from a file with one id per
 * line (blank lines and lines starting with {@code #} are skipped, spaces around an id are not part of it). Every id
 * is checked before anything is sent, so a typo in line 900 does not leave 899 requests sent and the rest not.
 */
record ErasureIds(List<String> ids, int repeated) {

    static ErasureIds of(List<String> arguments, Path file) {
        List<String> given = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String argument : arguments) {
            check(argument, "argument '" + argument + "'", given, problems);
        }
        if (file != null) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new OpsException("cannot read " + file + ": " + e.getMessage(), e);
            }
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    check(line, file + " line " + (i + 1), given, problems);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new OpsException("nothing sent: " + problems.getFirst()
                    + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""));
        }
        if (given.isEmpty()) {
            throw new OpsException("no customer id given: name them as arguments or with --file");
        }
        Set<String> distinct = new LinkedHashSet<>(given);
        return new ErasureIds(List.copyOf(distinct), given.size() - distinct.size());
    }

    private static void check(String id, String where, List<String> ids, List<String> problems) {
        String problem = ErasureRequests.customerIdProblem(id);
        if (problem == null) {
            ids.add(id);
        } else {
            problems.add(where + ": " + problem);
        }
    }
}
