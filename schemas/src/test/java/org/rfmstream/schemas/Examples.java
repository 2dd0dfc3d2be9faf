package org.rfmstream.schemas;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/** The example documents under {@code src/test/resources/examples/<type>/{valid,invalid}/*.json}. */
final class Examples {

    private Examples() {
    }

    static Path folder(String type, String verdict) {
        URL url = Examples.class.getResource("/examples/" + type + "/" + verdict);
        if (url == null) {
            throw new IllegalStateException("no example folder examples/" + type + "/" + verdict + " on the classpath");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** File names, sorted, so that test names are stable. */
    static List<String> names(String type, String verdict) {
        try (Stream<Path> files = Files.list(folder(type, verdict))) {
            return files.map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith(".json"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(String type, String verdict, String name) {
        try {
            return Files.readAllBytes(folder(type, verdict).resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Properties properties(String type, String verdict, String file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(folder(type, verdict).resolve(file))) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
