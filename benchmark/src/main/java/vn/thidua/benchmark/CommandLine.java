package vn.thidua.benchmark;

/**
 * A benchmark's command line, read one option at a time: flags ({@code --keep-data}) and options followed by their
 * value ({@code --events 50_000}); whole numbers may carry {@code _} or {@code ,} as separators. Every problem is an
 * {@link IllegalArgumentException} naming the option: the benchmark prints it with its usage text and exits with 2.
 * <pre>{@code
 * CommandLine line = new CommandLine(args);
 * while (line.hasNext()) {
 *     String option = line.next();
 *     switch (option) {
 *         case "--clients" -> clients = line.positiveInt(option);
 *         default -> throw CommandLine.unknown(option);
 *     }
 * }
 * }</pre>
 */
final class CommandLine {

    private final String[] args;
    private int next;

    CommandLine(String[] args) {
        this.args = args.clone();
    }

    /** Whether {@code flag} appears anywhere on the line (for an option that changes the defaults of others). */
    boolean contains(String flag) {
        for (String arg : args) {
            if (arg.equals(flag)) {
                return true;
            }
        }
        return false;
    }

    boolean hasNext() {
        return next < args.length;
    }

    /** The next option. */
    String next() {
        return args[next++];
    }

    /** The value that follows {@code option}. */
    String value(String option) {
        if (next >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[next++];
    }

    /** The value of {@code option} as a whole number above zero. */
    int positiveInt(String option) {
        int value = nonNegativeInt(option);
        if (value == 0) {
            throw new IllegalArgumentException(option + " must be positive");
        }
        return value;
    }

    /** The value of {@code option} as a whole number of at least zero. */
    int nonNegativeInt(String option) {
        String value = value(option);
        try {
            int number = Integer.parseInt(withoutSeparators(value));
            if (number < 0) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw notANumber(option);
        }
    }

    /** {@link #nonNegativeInt}, for counts beyond two billion. */
    long nonNegativeLong(String option) {
        String value = value(option);
        try {
            long number = Long.parseLong(withoutSeparators(value));
            if (number < 0) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw notANumber(option);
        }
    }

    static IllegalArgumentException unknown(String option) {
        return new IllegalArgumentException("unknown option " + option);
    }

    private static IllegalArgumentException notANumber(String option) {
        return new IllegalArgumentException(option + " needs a non-negative whole number");
    }

    private static String withoutSeparators(String number) {
        return number.replace("_", "").replace(",", "");
    }
}
