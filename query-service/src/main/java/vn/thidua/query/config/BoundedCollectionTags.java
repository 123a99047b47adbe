package vn.thidua.query.config;

import io.micrometer.core.instrument.binder.mongodb.DefaultMongoCommandTagsProvider;
import org.bson.BsonDocument;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code collection} tag of the MongoDB driver's command metrics ({@code mongodb.driver.commands}) from a fixed
 * set: the logical names of this service's collections. A generation of a projection ({@code <name>__g<n>}) is tagged
 * with its logical name, every throw-away collection of a report as of an instant with {@value #AS_OF}, and anything
 * else with {@value #OTHER} — so however many as-of reports and rebuilds run, the series stay as many as the names.
 */
final class BoundedCollectionTags extends DefaultMongoCommandTagsProvider {

    static final String AS_OF = "as-of";
    static final String OTHER = "other";
    private static final Pattern GENERATION = Pattern.compile("(.+)__g\\d+");

    private final Set<String> names;
    private final String asOfPrefix;

    /**
     * @param names      the logical collection names tagged as they are
     * @param asOfPrefix what the names of as-of collections begin with
     */
    BoundedCollectionTags(Set<String> names, String asOfPrefix) {
        this.names = Set.copyOf(names);
        this.asOfPrefix = asOfPrefix;
    }

    @Override
    protected Optional<String> determineCollectionName(String commandName, BsonDocument command) {
        return super.determineCollectionName(commandName, command).map(this::tag);
    }

    String tag(String collection) {
        if (names.contains(collection)) {
            return collection;
        }
        if (collection.startsWith(asOfPrefix)) {
            return AS_OF;
        }
        Matcher generation = GENERATION.matcher(collection);
        return generation.matches() && names.contains(generation.group(1)) ? generation.group(1) : OTHER;
    }
}
