package vn.thidua.query.webapp;

/** The local sign-in is not offered here: outside the local profile, or without the local key (404). */
public class NoLocalSignIn extends RuntimeException {

    public NoLocalSignIn(String message) {
        super(message);
    }
}
