package vn.thidua.eventlog.integrity;

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
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Ed25519 keys of checkpoint signatures (ADR 0014), kept in files, never in the database.
 * <ul>
 *   <li>the signing key file holds a {@code PRIVATE KEY} (PKCS#8) and a {@code PUBLIC KEY} (X.509) PEM block — only the
 *       publishing service reads it;</li>
 *   <li>a public key file holds the {@code PUBLIC KEY} block — what a verifier needs.</li>
 * </ul>
 * A key's id is {@code ed25519:} and the first 16 hex digits of the SHA-256 of its public key: a verifier given several
 * public keys (after a rotation) picks the one a checkpoint names.
 */
public final class CheckpointKeys {

    public static final String SIGNING_FILE = "checkpoint-signing.pem";
    public static final String PUBLIC_FILE = "checkpoint-public.pem";
    private static final String ALGORITHM = "Ed25519";
    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z ]+)-----([^-]*)-----END \\1-----");

    private CheckpointKeys() {
    }

    /** Signs checkpoints with one key. */
    public static final class Signer {
        private final PrivateKey privateKey;
        private final PublicKey publicKey;
        private final String keyId;

        Signer(PrivateKey privateKey, PublicKey publicKey) {
            this.privateKey = privateKey;
            this.publicKey = publicKey;
            this.keyId = CheckpointKeys.keyId(publicKey);
        }

        public String keyId() {
            return keyId;
        }

        public PublicKey publicKey() {
            return publicKey;
        }

        public SignedCheckpoint sign(Checkpoint c, List<SignedCheckpoint.Covered> covered) {
            SignedCheckpoint unsigned = new SignedCheckpoint(c.upTo(), c.previous(), c.hash(), c.positions(), c.events(),
                    covered, keyId, null);
            try {
                Signature signature = Signature.getInstance(ALGORITHM);
                signature.initSign(privateKey);
                signature.update(unsigned.signedDigest());
                return new SignedCheckpoint(c.upTo(), c.previous(), c.hash(), c.positions(), c.events(), covered, keyId,
                        Base64.getEncoder().encodeToString(signature.sign()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Cannot sign checkpoint " + c.upTo(), e);
            }
        }
    }

    /** The public keys a verifier trusts, by key id. */
    public static final class Keyring {
        private final Map<String, PublicKey> keys;

        public Keyring(List<PublicKey> keys) {
            Map<String, PublicKey> byId = new LinkedHashMap<>();
            keys.forEach(k -> byId.put(keyId(k), k));
            this.keys = Map.copyOf(byId);
        }

        /** The public keys in these files (each may hold several {@code PUBLIC KEY} blocks). */
        public static Keyring read(List<Path> files) {
            List<PublicKey> keys = new ArrayList<>();
            files.forEach(f -> keys.addAll(publicKeys(f)));
            return new Keyring(keys);
        }

        public java.util.Set<String> keyIds() {
            return keys.keySet();
        }

        /** {@code null} when the signature verifies with the key it names, else why not. */
        public String problem(SignedCheckpoint c) {
            PublicKey key = c.keyId() == null ? null : keys.get(c.keyId());
            if (key == null) {
                return "is signed with key %s, which the verifier does not hold (known: %s)"
                        .formatted(c.keyId(), String.join(", ", keys.keySet()));
            }
            try {
                Signature signature = Signature.getInstance(ALGORITHM);
                signature.initVerify(key);
                signature.update(c.signedDigest());
                if (c.signature() != null && signature.verify(Base64.getDecoder().decode(c.signature()))) {
                    return null;
                }
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                // an unreadable signature is a bad one
            }
            return "has a signature that does not verify with key %s: it was forged or altered".formatted(c.keyId());
        }
    }

    /** The signer of the signing key file {@code file}, generated there (with its public key file beside) if missing. */
    public static Signer ensureSigner(Path file) {
        if (!Files.exists(file)) {
            generate(file);
        }
        return signer(file);
    }

    /** The signer of an existing signing key file. */
    public static Signer signer(Path file) {
        Map<String, byte[]> blocks = new LinkedHashMap<>();
        pemBlocks(file).forEach(b -> blocks.putIfAbsent(b.type(), b.der()));
        if (!blocks.containsKey("PRIVATE KEY") || !blocks.containsKey("PUBLIC KEY")) {
            throw new IllegalStateException("The checkpoint signing key " + file
                    + " must hold a PRIVATE KEY and a PUBLIC KEY PEM block (Ed25519)");
        }
        try {
            KeyFactory factory = KeyFactory.getInstance(ALGORITHM);
            return new Signer(factory.generatePrivate(new PKCS8EncodedKeySpec(blocks.get("PRIVATE KEY"))),
                    factory.generatePublic(new X509EncodedKeySpec(blocks.get("PUBLIC KEY"))));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Not an Ed25519 key pair: " + file, e);
        }
    }

    /** The public keys in a PEM file. */
    public static List<PublicKey> publicKeys(Path file) {
        List<PublicKey> keys = new ArrayList<>();
        try {
            KeyFactory factory = KeyFactory.getInstance(ALGORITHM);
            for (Block b : pemBlocks(file)) {
                if (b.type().equals("PUBLIC KEY")) {
                    keys.add(factory.generatePublic(new X509EncodedKeySpec(b.der())));
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Not an Ed25519 public key: " + file, e);
        }
        if (keys.isEmpty()) {
            throw new IllegalStateException("No PUBLIC KEY PEM block in " + file);
        }
        return keys;
    }

    /** Generates a key pair: {@code file} (private and public, owner-only) and {@value #PUBLIC_FILE} beside it. */
    public static void generate(Path file) {
        try {
            KeyPair pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            String publicPem = pem("PUBLIC KEY", pair.getPublic().getEncoded());
            Path temp = Files.createTempFile(dir, "checkpoint-signing", ".tmp");
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // best effort
            }
            Files.writeString(temp, pem("PRIVATE KEY", pair.getPrivate().getEncoded()) + publicPem, StandardCharsets.US_ASCII);
            Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            Files.writeString(dir.resolve(PUBLIC_FILE), publicPem, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the checkpoint signing key " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every Java 17 runtime", e);
        }
    }

    public static String keyId(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return "ed25519:" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Block(String type, byte[] der) {
    }

    private static List<Block> pemBlocks(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read key " + file, e);
        }
        List<Block> blocks = new ArrayList<>();
        Matcher m = PEM.matcher(text);
        while (m.find()) {
            blocks.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2).strip())));
        }
        return blocks;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
