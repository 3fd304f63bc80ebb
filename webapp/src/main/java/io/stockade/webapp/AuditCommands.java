package io.stockade.webapp;

import io.stockade.audit.proof.ExportCsvVerifier;
import io.stockade.audit.proof.ExportVerifier;
import io.stockade.audit.proof.NoteSigner;
import io.stockade.audit.proof.NoteVerifierKey;
import io.stockade.audit.proof.ProofException;
import io.stockade.query.audit.seal.DatabaseAuditCheck;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * The auditor's commands of the jar, run without a Spring context, a data directory or (except {@code verify}) a
 * database, so they work beside a running server:
 *
 * <ul>
 *   <li>{@code audit verify-export FILE --public-key KEY} checks an export offline; KEY is the verifier key text
 *       ({@code GET /api/audit/public-key}) or a file holding it; repeat it for several keys. Exit 0 when the export
 *       verifies, 1 naming the first problem, 2 for a usage error.
 *   <li>{@code audit new-key [NAME]} prints a fresh checkpoint-signing key (for {@code STOCKADE_AUDIT_SIGNING_KEY})
 *       and its verifier key.
 *   <li>{@code audit verify --url JDBC-URL [--user U] [--public-key KEY]... [--only-given-keys]} walks a database
 *       directly; the password comes from {@code STOCKADE_AUDIT_DB_PASSWORD} (never the command line).
 * </ul>
 */
final class AuditCommands {
    private AuditCommands() {}

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 2) {
            return usage(err);
        }
        return switch (args[1]) {
            case "verify-export" -> verifyExport(args, out, err);
            case "new-key" -> newKey(args, out, err);
            case "verify" -> verifyDatabase(args, out, err);
            default -> usage(err);
        };
    }

    private static int verifyExport(String[] args, PrintStream out, PrintStream err) {
        String file = null;
        List<String> keyArgs = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            if ("--public-key".equals(args[i]) && i + 1 < args.length) {
                keyArgs.add(args[++i]);
            } else if (file == null && !args[i].startsWith("--")) {
                file = args[i];
            } else {
                return usage(err);
            }
        }
        if (file == null || keyArgs.isEmpty()) {
            return usage(err);
        }
        List<NoteVerifierKey> keys;
        try {
            keys = keys(keyArgs);
        } catch (IllegalArgumentException | IOException e) {
            err.println("Cannot read the public key: " + e.getMessage());
            return 2;
        }
        try (BufferedReader in = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
            ExportVerifier.Result result = verify(in, keys);
            out.println("VERIFIED " + file + ": " + result.events() + " events of " + result.origin()
                    + ", each unchanged and in the log signed at tree size " + result.treeSize() + " (root "
                    + result.rootHash().toHex() + "), exported " + result.exportedAt());
            out.println("This proves every row is in the signed log unchanged; it does not prove that a filtered"
                    + " export holds every matching event.");
            return 0;
        } catch (ProofException e) {
            err.println("FAILED " + file + ": " + e.getMessage());
            return 1;
        } catch (IOException | RuntimeException e) {
            err.println("FAILED " + file + ": cannot read it as an export (" + e.getMessage() + ")");
            return 1;
        }
    }

    /** NDJSON ({@code stockade-audit-export/1}) or, when it opens with {@code #format,}, the CSV form. */
    static ExportVerifier.Result verify(BufferedReader in, List<NoteVerifierKey> keys)
            throws IOException, ProofException {
        in.mark(16);
        char[] start = new char[8];
        int read = in.read(start);
        in.reset();
        if (read > 0 && ExportCsvVerifier.isCsv(new String(start, 0, read))) {
            return ExportCsvVerifier.verify(in, keys);
        }
        return ExportVerifier.verify(in, keys);
    }

    private static int newKey(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 3) {
            return usage(err);
        }
        String name = args.length == 3 ? args[2] : "stockade-audit";
        NoteSigner signer;
        try {
            signer = NoteSigner.generate(name, new SecureRandom());
        } catch (IllegalArgumentException e) {
            err.println("Not a key name: " + e.getMessage());
            return 2;
        }
        out.println("STOCKADE_AUDIT_SIGNING_KEY=" + signer.toSecretText());
        out.println("verifier key: " + signer.verifierKey());
        return 0;
    }

    private static int verifyDatabase(String[] args, PrintStream out, PrintStream err) {
        String url = null;
        String user = null;
        boolean onlyGiven = false;
        List<String> keyArgs = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--url" -> url = i + 1 < args.length ? args[++i] : null;
                case "--user" -> user = i + 1 < args.length ? args[++i] : null;
                case "--public-key" -> keyArgs.add(i + 1 < args.length ? args[++i] : "");
                case "--only-given-keys" -> onlyGiven = true;
                default -> {
                    return usage(err);
                }
            }
        }
        if (url == null || !url.startsWith("jdbc:postgresql:") || (onlyGiven && keyArgs.isEmpty())) {
            return usage(err);
        }
        List<NoteVerifierKey> keys;
        try {
            keys = keys(keyArgs);
        } catch (IllegalArgumentException | IOException e) {
            err.println("Cannot read the public key: " + e.getMessage());
            return 2;
        }
        try {
            return DatabaseAuditCheck.run(url, user, System.getenv("STOCKADE_AUDIT_DB_PASSWORD"), keys, onlyGiven, out);
        } catch (RuntimeException e) {
            err.println("Could not verify the database: " + e.getMessage());
            return 1;
        }
    }

    /** Each argument is a verifier key, or a file whose first line is one. */
    private static List<NoteVerifierKey> keys(List<String> args) throws IOException {
        List<NoteVerifierKey> keys = new ArrayList<>();
        for (String arg : args) {
            Path file = Path.of(arg);
            String text = arg.indexOf('+') < 0 && Files.isRegularFile(file)
                    ? Files.readString(file, StandardCharsets.UTF_8).strip()
                    : arg.strip();
            keys.add(NoteVerifierKey.parse(text));
        }
        return keys;
    }

    private static int usage(PrintStream err) {
        err.println(
                "usage: java -jar stockade.jar audit verify-export FILE --public-key KEY|KEYFILE [--public-key ...]");
        err.println("       java -jar stockade.jar audit new-key [NAME]");
        err.println("       java -jar stockade.jar audit verify --url JDBC-URL [--user USER] [--public-key KEY]..."
                + " [--only-given-keys]   (password from STOCKADE_AUDIT_DB_PASSWORD)");
        return 2;
    }
}
