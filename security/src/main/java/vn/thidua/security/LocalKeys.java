package vn.thidua.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The signing key of local tokens: an RSA key pair generated on first start under the data directory
 * ({@code keys/jwt-private.pem}, {@code keys/jwt-public.pem}). The services accept it only in the {@code local}
 * profile; production takes an external issuer.
 */
public final class LocalKeys {

    public static final String PRIVATE = "jwt-private.pem";
    public static final String PUBLIC = "jwt-public.pem";

    private LocalKeys() {
    }

    /** The key directory with a key pair in it, generated if missing. */
    public static Path ensure(Path directory) {
        Path privateFile = directory.resolve(PRIVATE);
        Path publicFile = directory.resolve(PUBLIC);
        if (Files.exists(privateFile) && Files.exists(publicFile)) {
            return directory;
        }
        try {
            Files.createDirectories(directory);
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Files.writeString(privateFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(privateFile, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // best effort
            }
            Files.writeString(publicFile, pem("PUBLIC KEY", pair.getPublic().getEncoded()), StandardCharsets.US_ASCII);
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static RSAPublicKey readPublic(Path file) {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der(file)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Not an RSA public key: " + file, e);
        }
    }

    public static RSAPrivateKey readPrivate(Path file) {
        try {
            return (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der(file)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Not an RSA private key: " + file, e);
        }
    }

    private static byte[] der(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII);
            return Base64.getMimeDecoder().decode(text.replaceAll("-----[A-Z ]+-----", "").strip());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read key " + file, e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
