package vn.thidua.embeddedmongo;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import de.bwaldvogel.mongo.bson.Document;

/**
 * Decides which MongoDB commands may change the store and therefore must be covered by a commit before
 * they are acknowledged.
 * <p>
 * The rule is "everything is a write unless it is known to be read-only": a command we do not know about
 * costs at most one (group) commit, whereas a write we wrongly took for a read would be acknowledged before
 * it is durable. Names are compared case-insensitively, as mongo-java-server does
 * ({@code findandmodify}, {@code findAndModify}, ...).
 */
final class WriteCommands {

    /** Lower-case names of commands that never change the store. */
    private static final Set<String> READ_ONLY = Set.of(
        "find", "getmore", "killcursors", "count", "distinct", "listcollections", "listindexes",
        "listdatabases", "dbstats", "collstats", "datasize", "validate", "explain",
        "hello", "ismaster", "buildinfo", "ping", "serverstatus", "whatsmyuri", "getlasterror", "reseterror",
        "getlog", "getparameter", "getcmdlineopts", "getfreemonitoringstatus", "hostinfo", "connectionstatus",
        "replsetgetstatus", "currentop", "features", "endsessions", "killsessions", "killallsessions",
        "startsession", "refreshsessions", "saslstart", "saslcontinue", "authenticate", "logout", "getnonce",
        "listcommands", "dbhash", "profile");

    private WriteCommands() {
    }

    /**
     * @param command the command name (the first key of the command document)
     * @param query   the command document
     * @return true if the command may modify data, indexes or collections
     */
    static boolean isWrite(String command, Document query) {
        String name = command.toLowerCase(Locale.ROOT);
        if (name.equals("aggregate")) {
            return hasWritingStage(query);
        }
        return !READ_ONLY.contains(name);
    }

    /** {@code aggregate} writes when its pipeline contains {@code $out} or {@code $merge}. */
    private static boolean hasWritingStage(Document query) {
        Object pipeline = query == null ? null : query.get("pipeline");
        if (!(pipeline instanceof List<?> stages)) {
            return false;
        }
        for (Object stage : stages) {
            if (stage instanceof Document stageDocument
                && (stageDocument.containsKey("$out") || stageDocument.containsKey("$merge"))) {
                return true;
            }
        }
        return false;
    }
}
