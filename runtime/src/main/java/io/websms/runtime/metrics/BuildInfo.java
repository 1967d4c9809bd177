package io.websms.runtime.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The websms version this build is, and the Java it runs on: for {@code websms --version}, the daemon's start-up
 * line and the {@code websms_build_info} series. The version comes from a resource the build fills in, so that it
 * is the same from {@code target/classes} and from the distribution's jars.
 */
public final class BuildInfo {

    private static final String VERSION = readVersion();

    private BuildInfo() {
    }

    /** websms's version, such as {@code 1.0.0}; {@code unknown} when the classes were not built by Maven. */
    public static String version() {
        return VERSION;
    }

    /** The version of the Java running websms, such as {@code 25.0.1}. */
    public static String java() {
        return System.getProperty("java.version", "unknown");
    }

    private static String readVersion() {
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "").strip();
            // Unfiltered (compiled outside Maven): the placeholder is no version.
            return version.isEmpty() || version.contains("${") ? "unknown" : version;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
