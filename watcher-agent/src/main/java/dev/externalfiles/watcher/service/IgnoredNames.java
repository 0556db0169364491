package dev.externalfiles.watcher.service;

import java.util.List;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.externalfiles.watcher.config.WatchConfig;

/**
 * Names that are never watched nor published: hidden and temporary files, editors' swap and
 * backup files, partial downloads, and the agent's own temporary files (hidden). A path is
 * ignored when any of its segments matches, so a hidden folder's content is ignored too.
 */
@ApplicationScoped
public class IgnoredNames {

    private final List<Pattern> patterns;

    @Inject
    public IgnoredNames(WatchConfig config) {
        this(config.ignore());
    }

    public IgnoredNames(List<String> globs) {
        this.patterns = globs.stream().map(String::trim).filter(g -> !g.isEmpty()).map(IgnoredNames::compile).toList();
    }

    /** Whether one name (file or folder) is ignored. */
    public boolean ignores(String name) {
        for (Pattern p : patterns) {
            if (p.matcher(name).matches()) {
                return true;
            }
        }
        return false;
    }

    /** Whether any segment of a path is ignored. */
    public boolean ignoresAny(List<String> segments) {
        return segments.stream().anyMatch(this::ignores);
    }

    /** A glob of one name: {@code *} any run of characters, {@code ?} one character, the rest literal. */
    static Pattern compile(String glob) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
