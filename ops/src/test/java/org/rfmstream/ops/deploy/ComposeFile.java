package org.rfmstream.ops.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.rfmstream.schemas.config.Settings;

/** The root docker-compose.yml, with the few accessors the checks need (short and long syntax). */
final class ComposeFile {

    static final String PATH = "docker-compose.yml";

    record PortMapping(int published, int container) {
    }

    /** A bind mount (source starts with . or /) or a named volume. */
    record Mount(String source, String target) {

        boolean isBind() {
            return source.startsWith(".") || source.startsWith("/");
        }
    }

    private final JsonNode root;

    private ComposeFile(JsonNode root) {
        this.root = root;
    }

    static ComposeFile load() {
        return new ComposeFile(YamlFiles.read(Repository.path(PATH)));
    }

    JsonNode root() {
        return root;
    }

    Set<String> serviceNames() {
        Set<String> names = new LinkedHashSet<>();
        root.path("services").fieldNames().forEachRemaining(names::add);
        return names;
    }

    JsonNode service(String name) {
        JsonNode service = root.path("services").path(name);
        if (service.isMissingNode()) {
            throw new AssertionError("no service '" + name + "' in " + PATH);
        }
        return service;
    }

    /** The names other containers reach a service by: its service name and its hostname. */
    Set<String> dnsNames(String service) {
        Set<String> names = new LinkedHashSet<>(List.of(service));
        String hostname = service(service).path("hostname").asText("");
        if (!hostname.isEmpty()) {
            names.add(hostname);
        }
        return names;
    }

    Optional<String> serviceReachableAs(String host) {
        return serviceNames().stream().filter(name -> dnsNames(name).contains(host)).findFirst();
    }

    /** The Dockerfile target a service's image is built from, if it is one of ours. */
    Optional<String> buildTarget(String service) {
        JsonNode target = service(service).path("build").path("target");
        return target.isTextual() ? Optional.of(target.asText()) : Optional.empty();
    }

    /** Services running one of our programs (built from the repository's Dockerfile). */
    List<String> programServices() {
        return serviceNames().stream().filter(name -> buildTarget(name).isPresent()).toList();
    }

    List<String> servicesBuiltFrom(String target) {
        return programServices().stream().filter(name -> buildTarget(name).orElseThrow().equals(target)).toList();
    }

    /** The environment as the service's file sets it (map or list syntax). */
    Map<String, String> environment(String service) {
        Map<String, String> environment = new LinkedHashMap<>();
        JsonNode node = service(service).path("environment");
        if (node.isObject()) {
            node.fields().forEachRemaining(entry -> environment.put(entry.getKey(), entry.getValue().asText()));
        } else if (node.isArray()) {
            node.forEach(item -> {
                String text = item.asText();
                int equals = text.indexOf('=');
                environment.put(equals < 0 ? text : text.substring(0, equals),
                        equals < 0 ? "" : text.substring(equals + 1));
            });
        }
        return environment;
    }

    /** What the program in the container sees: the image's ENV, overridden by the service's environment. */
    Map<String, String> programEnvironment(String service, Dockerfile dockerfile) {
        Map<String, String> environment = new LinkedHashMap<>(dockerfile.environment(buildTarget(service)
                .orElseThrow(() -> new AssertionError(service + " is not built from the Dockerfile"))));
        environment.putAll(environment(service));
        return environment;
    }

    Settings programSettings(String service, Dockerfile dockerfile) {
        return Settings.of(programEnvironment(service, dockerfile));
    }

    List<String> command(String service) {
        return strings(service(service).path("command"));
    }

    List<PortMapping> ports(String service) {
        List<PortMapping> ports = new ArrayList<>();
        for (JsonNode port : service(service).path("ports")) {
            if (port.isObject()) {
                ports.add(new PortMapping(port.path("published").asInt(), port.path("target").asInt()));
            } else {
                String[] parts = port.asText().split(":");
                int container = Integer.parseInt(parts[parts.length - 1].replace("/tcp", ""));
                int published = parts.length >= 2 ? Integer.parseInt(parts[parts.length - 2]) : container;
                ports.add(new PortMapping(published, container));
            }
        }
        return ports;
    }

    List<Mount> mounts(String service) {
        List<Mount> mounts = new ArrayList<>();
        for (JsonNode volume : service(service).path("volumes")) {
            if (volume.isObject()) {
                mounts.add(new Mount(volume.path("source").asText(), volume.path("target").asText()));
            } else {
                String[] parts = volume.asText().split(":");
                mounts.add(new Mount(parts[0], parts[1]));
            }
        }
        return mounts;
    }

    /** The file in the repository a container path of a service shows through a bind mount, if any. */
    Optional<java.nio.file.Path> repositoryFileAt(String service, String containerPath) {
        return mounts(service).stream()
                .filter(Mount::isBind)
                .filter(mount -> containerPath.equals(mount.target()) || containerPath.startsWith(mount.target() + "/"))
                .findFirst()
                .map(mount -> Repository.path(mount.source())
                        .resolve(containerPath.substring(mount.target().length()).replaceFirst("^/", ""))
                        .normalize());
    }

    /** The health check command as one string (CMD, CMD-SHELL or a plain string). */
    String healthCheck(String service) {
        JsonNode test = service(service).path("healthcheck").path("test");
        if (test.isTextual()) {
            return test.asText();
        }
        List<String> parts = strings(test);
        return String.join(" ", parts.isEmpty() ? parts : parts.subList(1, parts.size()));
    }

    /** depends_on as service → condition ({@code service_started} for the short list form). */
    Map<String, String> dependencies(String service) {
        Map<String, String> dependencies = new LinkedHashMap<>();
        JsonNode node = service(service).path("depends_on");
        if (node.isArray()) {
            node.forEach(name -> dependencies.put(name.asText(), "service_started"));
        } else {
            node.fields().forEachRemaining(entry ->
                    dependencies.put(entry.getKey(), entry.getValue().path("condition").asText("service_started")));
        }
        return dependencies;
    }

    static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(item -> values.add(item.asText()));
        } else if (node.isTextual()) {
            values.addAll(List.of(node.asText().trim().split("\\s+")));
        }
        return values;
    }
}
