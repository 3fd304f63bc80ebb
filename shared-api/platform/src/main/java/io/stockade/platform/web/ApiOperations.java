package io.stockade.platform.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The API's operations as a client sees them: a stable operationId, a summary and description, the feature
 * tag, the success status when it is not 200 and the refusals particular to the operation. The refusals every
 * operation shares (bad input, not signed in, rate limit…) are derived by {@link ApiContract} from what the
 * platform's filters do; this table holds only what differs. A test fails when an operation has no entry.
 */
public final class ApiOperations {

    /** A feature tag of the document. */
    public record Tag(String name, String description, List<String> prefixes) {}

    /**
     * One operation.
     *
     * @param success   the success status when not 200 (0: 200)
     * @param refusals  status → description of refusals particular to this operation
     * @param wrapper   the single property of a {@code {"item": …}}-style answer built from a map, or null
     */
    public record Op(
            String id, String summary, String description, int success, Map<Integer, String> refusals, String wrapper) {
        Op with(int status, String why) {
            Map<Integer, String> more = new LinkedHashMap<>(refusals);
            more.put(status, why);
            return new Op(id, summary, description, success, more, wrapper);
        }

        Op status(int code) {
            return new Op(id, summary, description, code, refusals, wrapper);
        }

        Op wraps(String property) {
            return new Op(id, summary, description, success, refusals, property);
        }
    }

    public static final List<Tag> TAGS = List.of(
            new Tag(
                    "Authentication",
                    "Sign-in, token refresh, sessions, the second factor and password reset.",
                    List.of("/api/auth/")),
            new Tag(
                    "Imports",
                    "Catalogue imports from CSV files, checked row by row, run in the background.",
                    List.of("/api/inventory/import")),
            new Tag(
                    "Inventory",
                    "Items, their stock movements and counts, images and barcodes.",
                    List.of("/api/inventory")),
            new Tag("Categories", "The category tree items are filed under.", List.of("/api/categories")),
            new Tag("Stock ledger", "Every stock movement as an immutable ledger line.", List.of("/api/transactions")),
            new Tag(
                    "Dashboard",
                    "Key figures and trends of the organisation's stock, and their live stream.",
                    List.of("/api/dashboard", "/api/stream/dashboard")),
            new Tag(
                    "Live updates",
                    "Server-sent event streams of the low-stock board and an item page.",
                    List.of("/api/stream/")),
            new Tag("Reports", "Stock and movement reports, as JSON pages or CSV files.", List.of("/api/reports/")),
            new Tag(
                    "Notifications",
                    "Low-stock alerts shown in the app, and each person's alert preferences.",
                    List.of("/api/notifications")),
            new Tag(
                    "Users",
                    "The organisation's people and roles, and one's own profile.",
                    List.of("/api/users", "/api/profile")),
            new Tag(
                    "Security",
                    "The organisation's security policy and its security events.",
                    List.of("/api/admin/security-policy", "/api/security/")),
            new Tag(
                    "Audit",
                    "The event store read as an audit trail, and who read it. Admin and Auditor.",
                    List.of("/api/audit/")),
            new Tag(
                    "Operations",
                    "Health, the outbox of e-mails and the dead-letter queue of event handlers.",
                    List.of("/api/admin/", "/health")));

    private static final Map<String, Op> OPERATIONS = new LinkedHashMap<>();
    /** The personal-data export when the command side's part cannot be had (PersonalDataExportController). */
    private static final String EXPORT_UNAVAILABLE = "The command side's part (account data and notifications) cannot"
            + " be had: on split services on PostgreSQL the command side could not be reached, or"
            + " STOCKADE_COMMAND_SIDE_URL is not set";

    static {
        // Authentication
        put(
                "POST /api/auth/login",
                op(
                                "signIn",
                                "Sign in",
                                "Checks username and password. Answers the access "
                                        + "token and sets the refresh cookie, or asks for the second factor (mfaRequired with "
                                        + "a challenge). Repeated failures lock the account for a while.")
                        .with(401, "Wrong username or password")
                        .with(
                                429,
                                "Too many attempts for this address or account; Retry-After says when to try again"));
        put(
                "POST /api/auth/mfa/verify",
                op(
                                "verifySecondFactor",
                                "Complete sign-in with the second factor",
                                "Exchanges the challenge from sign-in and a TOTP or recovery code for the access token.")
                        .with(401, "The challenge expired or the code is wrong")
                        .with(429, "Too many attempts; Retry-After says when to try again"));
        put(
                "POST /api/auth/refresh",
                op(
                                "refreshToken",
                                "Renew the access token",
                                "Uses the refresh cookie (and the X-CSRF-Token header matching the CSRF cookie) to "
                                        + "answer a new access token; the refresh token rotates.")
                        .with(401, "No valid refresh cookie: the session ended or expired")
                        .with(403, "The X-CSRF-Token header is missing or does not match the CSRF cookie"));
        put(
                "POST /api/auth/logout",
                op(
                                "signOut",
                                "Sign out",
                                "Ends the session named by the refresh cookie, if any, and clears the cookies.")
                        .status(204)
                        .with(403, "A refresh cookie came without the matching X-CSRF-Token header"));
        put(
                "POST /api/auth/register",
                op(
                                "registerUser",
                                "Create a user",
                                "Admin only. Creates a person in the caller's organisation with a role; they must "
                                        + "change the password at first sign-in.")
                        .status(201)
                        .with(409, "The username or e-mail address is taken"));
        put("GET /api/auth/me", op("getCurrentUser", "The signed-in person", "Who the access token belongs to."));
        put(
                "GET /api/auth/sessions",
                op("listSessions", "My sessions", "The caller's open sessions (devices), the current one marked."));
        put(
                "DELETE /api/auth/sessions/{id}",
                op("revokeSession", "End one of my sessions", "Revokes the session and its refresh token.")
                        .status(204));
        put("GET /api/auth/mfa", op("getSecondFactor", "My second factor", "Whether a second factor is enrolled."));
        put(
                "POST /api/auth/mfa/enrolment",
                op(
                                "startSecondFactorEnrolment",
                                "Start enrolling a second factor",
                                "Answers a new TOTP secret as otpauth URI and QR code; confirm it with a code.")
                        .with(409, "A second factor is enrolled already"));
        put(
                "POST /api/auth/mfa/enrolment/confirm",
                op(
                                "confirmSecondFactorEnrolment",
                                "Confirm the second factor",
                                "Checks a code of the new secret and answers the one-time recovery codes.")
                        .with(409, "No enrolment is pending"));
        put(
                "DELETE /api/auth/mfa",
                op(
                                "removeSecondFactor",
                                "Remove my second factor",
                                "Needs the password and a current code or a recovery code.")
                        .status(204));
        put(
                "POST /api/auth/password-reset",
                op(
                                "requestPasswordReset",
                                "Ask for a password reset e-mail",
                                "Always accepted, whether or not the address is known, so the answer tells nothing "
                                        + "about accounts; a known address gets a link valid for a short time.")
                        .status(202)
                        .with(429, "Too many requests for this address; Retry-After says when to try again"));
        put(
                "POST /api/auth/password-reset/confirm",
                op(
                                "confirmPasswordReset",
                                "Set a new password with a reset token",
                                "The token from the e-mail, used once; every session of the person ends.")
                        .status(204));
        // Inventory
        put(
                "GET /api/inventory",
                op(
                        "listItems",
                        "List items",
                        "Filtered by search (name, SKU, barcode), category and stock status; sorted and paged."));
        put(
                "POST /api/inventory",
                op(
                                "createItem",
                                "Create an item",
                                "Manager or Admin. JSON, or multipart/form-data with the same fields and an optional "
                                        + "image. Answers the item (with its ETag) and its barcode; Location names it.")
                        .status(201)
                        .with(409, "The SKU or barcode is taken"));
        put(
                "POST /api/inventory/batch",
                op(
                        "createItems",
                        "Create many items",
                        "Manager or Admin. Up to 1000 items; each is created or reported in errors by index."));
        put(
                "GET /api/inventory/low-stock",
                op("listLowStockItems", "Items at or below their threshold", "Lowest stock first."));
        put(
                "GET /api/inventory/barcode/{code}",
                op("getItemByBarcode", "Find an item by barcode", "The scanner's look-up.")
                        .wraps("item"));
        put(
                "GET /api/inventory/{id}",
                op(
                                "getItem",
                                "One item",
                                "With short-lived signed image and barcode links; the ETag is the item's version, "
                                        + "for If-Match on update.")
                        .wraps("item"));
        put(
                "PUT /api/inventory/{id}",
                op(
                        "updateItem",
                        "Change an item",
                        "Manager or Admin. Changes only the fields sent. With If-Match, refused when the item "
                                + "changed since that version."));
        put(
                "DELETE /api/inventory/{id}",
                op(
                        "archiveItem",
                        "Archive an item",
                        "Admin only. The item leaves lists and reports; its history stays."));
        put(
                "POST /api/inventory/{id}/stock",
                op(
                        "adjustStock",
                        "Add or remove stock",
                        "A movement with a reason; stock never goes below zero. Retry safely with an "
                                + "Idempotency-Key."));
        put(
                "POST /api/inventory/{id}/count",
                op(
                        "countStock",
                        "Record a stock count",
                        "Sets the stock to the counted quantity as one movement of the difference."));
        put(
                "GET /api/inventory/{id}/history",
                op("listItemHistory", "An item's stock movements", "Its ledger lines, newest first."));
        put(
                "POST /api/inventory/{id}/image",
                op(
                                "uploadItemImage",
                                "Upload an item's image",
                                "Manager or Admin. JPEG or PNG; re-encoded without metadata.")
                        .with(413, "The image is too large")
                        .with(415, "Not a JPEG or PNG image"));
        put(
                "GET /api/inventory/{id}/image",
                op(
                                "getItemImage",
                                "An item's image (signed link)",
                                "Opened from the signed imageUrl of an item; needs no token.")
                        .with(403, "The link is invalid or has expired"));
        put(
                "GET /api/inventory/{id}/barcode.png",
                op(
                                "getItemBarcodePng",
                                "An item's barcode as PNG (signed link)",
                                "Opened from the item's signed barcodeUrls; needs no token.")
                        .with(403, "The link is invalid or has expired"));
        put(
                "GET /api/inventory/{id}/barcode.svg",
                op(
                                "getItemBarcodeSvg",
                                "An item's barcode as SVG (signed link)",
                                "Opened from the item's signed barcodeUrls; needs no token.")
                        .with(403, "The link is invalid or has expired"));
        put(
                "POST /api/inventory/import",
                op(
                                "importItems",
                                "Import items from CSV",
                                "Manager or Admin. Needs an Idempotency-Key. A dry run answers the checked job (200); "
                                        + "otherwise rows are created in the background (202) and the job is polled.")
                        .with(409, "This Idempotency-Key was used for a different import, or is still being received")
                        .with(413, "The file is too large")
                        .with(422, "The file was refused; the problem carries the job under import"));
        put("GET /api/inventory/import/{id}", op("getImport", "An import's progress", "Poll until finished."));
        put(
                "GET /api/inventory/import/{id}/errors.csv",
                op("getImportErrors", "An import's refused rows as CSV", "Row, field and message per line."));
        // Categories
        put("GET /api/categories", op("listCategories", "The category tree", "Top-level categories with children."));
        put(
                "POST /api/categories",
                op("createCategory", "Create a category", "Manager or Admin; optionally under a parent.")
                        .status(201)
                        .with(409, "A category of that name exists"));
        put(
                "GET /api/categories/{id}",
                op("getCategory", "One category", "With its children.").wraps("category"));
        put(
                "PUT /api/categories/{id}",
                op("updateCategory", "Rename or describe a category", "Manager or Admin.")
                        .with(409, "A category of that name exists"));
        put(
                "DELETE /api/categories/{id}",
                op("deleteCategory", "Delete a category", "Admin only. Items in it keep no category."));
        // Stock ledger
        put(
                "GET /api/transactions",
                op(
                        "listTransactions",
                        "The stock ledger",
                        "Manager, Admin or Auditor. Filtered by dates, item and person; JSON pages, or CSV with "
                                + "format=csv."));
        put(
                "GET /api/transactions/{id}",
                op("getTransaction", "One ledger line", "Manager, Admin or Auditor.")
                        .wraps("transaction"));
        // Dashboard and live updates
        put(
                "GET /api/dashboard/metrics",
                op(
                        "getDashboardMetrics",
                        "Key figures",
                        "Items, low and out of stock, recent movements, by category."));
        put(
                "GET /api/dashboard/trends",
                op("getDashboardTrends", "Trends", "Movements and low-stock counts per day, and the top movers."));
        put(
                "GET /api/stream/dashboard",
                op(
                                "streamDashboardMetrics",
                                "Live dashboard metrics",
                                "Server-sent events: dashboard (the metrics) on each change, then end {reason}.")
                        .with(429, "Too many open streams for this person"));
        put(
                "GET /api/stream/low-stock",
                op(
                                "streamLowStock",
                                "Live low-stock board",
                                "Server-sent events: low-stock (the list) on each change, then end {reason}.")
                        .with(429, "Too many open streams for this person"));
        put(
                "GET /api/stream/items/{id}",
                op(
                                "streamItem",
                                "Live item page",
                                "Server-sent events: item ({item}) on each change, then end {reason}.")
                        .with(429, "Too many open streams for this person"));
        // Reports
        put(
                "GET /api/reports/stock-by-category",
                op("reportStockByCategory", "Stock by category", "Items, units, low and out of stock per category."));
        put(
                "GET /api/reports/stock-by-location",
                op("reportStockByLocation", "Stock by location", "Items, units, low and out of stock per location."));
        put(
                "GET /api/reports/movements",
                op(
                        "reportMovements",
                        "Movements",
                        "Movements and units in and out over a period, grouped by day, week, month, person, "
                                + "reason or type."));
        put(
                "GET /api/reports/dead-stock",
                op("reportDeadStock", "Dead stock", "Items in stock that have not moved for the given days."));
        put(
                "GET /api/reports/stockouts",
                op("reportStockouts", "Stock-outs", "When items ran out and when they were restocked."));
        // Notifications
        put("GET /api/notifications", op("listNotifications", "My notifications", "Newest first; unread only on ask."));
        put(
                "POST /api/notifications/{id}/read",
                op("markNotificationRead", "Mark a notification read", "Idempotent.")
                        .status(204));
        put(
                "POST /api/notifications/read-all",
                op("markAllNotificationsRead", "Mark all my notifications read", "Idempotent.")
                        .status(204));
        put(
                "GET /api/notifications/preferences",
                op("getNotificationPreferences", "My alert preferences", "E-mail, in-app and categories."));
        put(
                "PUT /api/notifications/preferences",
                op("setNotificationPreferences", "Change my alert preferences", "Replaces them as a whole."));
        // Users
        put("GET /api/users", op("listUsers", "The organisation's people", "Admin only."));
        put(
                "GET /api/users/lookup",
                op("lookupUsers", "Find people by name", "Id and username only, for filters; any role."));
        put("GET /api/users/{id}", op("getUser", "One person", "Admin only.").wraps("user"));
        put("PUT /api/users/{id}", op("updateUser", "Change a person's role or activity", "Admin only."));
        put(
                "DELETE /api/users/{id}",
                op("deactivateUser", "Deactivate a person", "Admin only. Their sessions end; history stays."));
        put(
                "DELETE /api/users/{id}/sessions",
                op("revokeUserSessions", "End a person's sessions", "Admin only.")
                        .status(204));
        put(
                "POST /api/users/{id}/erase",
                op(
                                "eraseUser",
                                "Erase a person's personal data (GDPR art. 17)",
                                "Admin only. Destroys the person's key and clears every clear copy of their values; the"
                                        + " events stay and read as [erased], on every node within 30 s. Recorded as an"
                                        + " event with the reason and the Admin. Their sessions end.")
                        .with(409, "The person is under a retention hold, or is the last active Admin"));
        put(
                "PUT /api/users/{id}/retention-hold",
                op(
                                "placeRetentionHold",
                                "Keep a person's records (GDPR art. 17(3)(b))",
                                "Admin only. While the hold stands, erasure is refused. Recorded as an event.")
                        .status(204)
                        .with(409, "The person has been erased"));
        put(
                "DELETE /api/users/{id}/retention-hold",
                op("liftRetentionHold", "Lift a retention hold", "Admin only. Recorded as an event.")
                        .status(204));
        put(
                "GET /api/users/{id}/export",
                op(
                                "exportUser",
                                "Everything Stockade holds about a person (GDPR art. 15, 20)",
                                "Admin only. Account, role, whether MFA is enrolled (never secrets), sessions, movements"
                                        + " with reasons, notifications, alert preferences, security events, mails.")
                        .with(503, EXPORT_UNAVAILABLE));
        put(
                "GET /api/users/{id}/export/account",
                op(
                        "exportAccountData",
                        "The account data Stockade keeps about a person (part of their export)",
                        "An Admin for anyone of the organisation, anyone for themselves. Account, whether MFA is"
                                + " enrolled, sessions, alert preferences and mails: what the command side keeps."
                                + " The query side of split services on PostgreSQL asks it, with the caller's token,"
                                + " for the full export (GET /api/users/{id}/export), which is what clients want."));
        put(
                "GET /api/users/{id}/export/notifications",
                op(
                        "exportNotifications",
                        "A person's in-app notifications (part of their export)",
                        "An Admin for anyone of the organisation (none for a person of another), anyone for"
                                + " themselves. Asked like the account data, by the query side of split services on"
                                + " PostgreSQL, for the full export."));
        put(
                "GET /api/profile/export",
                op(
                                "exportProfile",
                                "Everything Stockade holds about me (GDPR art. 15, 20)",
                                "The same as an Admin's export of the signed-in person.")
                        .with(503, EXPORT_UNAVAILABLE));
        put(
                "GET /api/profile",
                op("getProfile", "My profile", "The signed-in person's account.")
                        .wraps("user"));
        put(
                "PUT /api/profile",
                op("updateProfile", "Change my e-mail address", "The address password-reset e-mails go to.")
                        .with(409, "The e-mail address is taken"));
        put(
                "POST /api/profile/password",
                op("changePassword", "Change my password", "Needs the current password; other sessions end.")
                        .status(204));
        // Security
        put(
                "GET /api/admin/security-policy",
                op("getSecurityPolicy", "The security policy", "Admin only. Password, lockout, sessions, limits."));
        put(
                "PUT /api/admin/security-policy",
                op(
                        "setSecurityPolicy",
                        "Change the security policy",
                        "Admin only. Which roles need a second factor, the password profile."));
        put(
                "GET /api/security/events",
                op("listSecurityEvents", "Security events", "Admin only. Sign-ins, lockouts, sessions, resets."));
        // Audit
        put(
                "GET /api/audit/events",
                op(
                                "listAuditEvents",
                                "The organisation's stored events, filtered, in keyset pages; or all of them as a file",
                                "Filters combine with AND. Pages are read by position: pass the previous answer's next as "
                                        + "after, with the same order, until next is null. format=ndjson (or Accept: "
                                        + "application/x-ndjson) streams every matching event as the offline verifier's "
                                        + "stockade-audit-export/1, each row with its stored bytes, leaf hash and inclusion "
                                        + "proof against a checkpoint signed at its last row; format=csv (or Accept: "
                                        + "text/csv) the same in formula-defused cells. Admin and Auditor; the read is "
                                        + "recorded in the access log.")
                        .with(
                                503,
                                "An export only: the log could not be sealed up to its last row, or the audit index"
                                        + " had not caught up with the event store, within the wait; try again"
                                        + " shortly"));
        put(
                "GET /api/audit/items/{id}/timeline",
                op(
                        "getItemTimeline",
                        "An item's whole life, oldest first, in keyset pages",
                        "Every event of the item with the stock before and after it, both times, who and why; a "
                                + "stock movement carries its ledger line. Admin and Auditor; the read is recorded "
                                + "in the access log."));
        put(
                "GET /api/audit/access-log",
                op(
                        "listAuditAccessLog",
                        "Every read of the audit API (this list included), in keyset pages",
                        "Who read, with which role, which endpoint with which filter, range or item, when and "
                                + "from where. Admin and Auditor; this read is recorded too."));
        put(
                "POST /api/audit/verify",
                op(
                        "verifyAuditLog",
                        "Verify the organisation's log (or a range of positions)",
                        "Recomputes every leaf from the stored events, the tree and every checkpoint's signature. "
                                + "Answers at once (200) for a small log, else (or when background is asked) starts "
                                + "a job (202 with its Location). Admin and Auditor; recorded in the access log."));
        put(
                "GET /api/audit/verify/{id}",
                op(
                        "getAuditVerification",
                        "A verification job: progress, then its result",
                        "Any node answers: jobs are kept in the database. Admin and Auditor."));
        put(
                "GET /api/audit/checkpoints",
                op(
                        "listAuditCheckpoints",
                        "Signed checkpoints of the organisation's log, newest first",
                        "Each with tree size, root hash, time and the signed note (C2SP). Admin and Auditor."));
        put(
                "GET /api/audit/public-key",
                op(
                        "getAuditPublicKey",
                        "The key that signs checkpoints now",
                        "text/plain, a C2SP note verifier key: what the offline verifier's --public-key reads."));
        put(
                "GET /api/audit/public-keys",
                op("listAuditPublicKeys", "Every checkpoint key ever used, with its validity", "Admin and Auditor."));
        put(
                "GET /api/audit/events/{position}/proof",
                op(
                        "getAuditInclusionProof",
                        "The inclusion proof of an event in the log (RFC 9162)",
                        "Against the tree of treeSize leaves (default: the latest checkpoint), with that "
                                + "checkpoint's note. Admin and Auditor."));
        put(
                "GET /api/audit/checkpoints/consistency",
                op(
                        "getAuditConsistencyProof",
                        "The consistency proof between two sizes of the log (RFC 9162)",
                        "Both roots, and their signed notes where checkpoints were signed at those sizes."));
        put(
                "GET /api/audit/items/{id}/as-of",
                op(
                        "getItemAsOf",
                        "An item at an effective time, as known now or at a past time",
                        "Stock, threshold, details and archived flag at (at, knownAt), and the anomalies "
                                + "back-dated movements left. Admin and Auditor; recorded in the access log."));
        put(
                "GET /api/audit/inventory/as-of",
                op(
                        "getInventoryAsOf",
                        "Every item's stock at an effective time, with totals",
                        "As known now or at knownAt; format=csv streams all of it. Admin and Auditor; recorded "
                                + "in the access log."));
        put(
                "GET /api/audit/anomalies",
                op(
                        "listAuditAnomalies",
                        "Back-dated movements that left a negative past balance or predate their item",
                        "Admin and Auditor; recorded in the access log."));
        // Operations
        put(
                "GET /health",
                op("getHealth", "Liveness and readiness", "Public. 503 while starting.")
                        .with(401, "A bearer token was sent and is not valid (public endpoints still check one)")
                        .with(503, "Starting"));
        put(
                "GET /health/detailed",
                op(
                                "getDetailedHealth",
                                "Health of the parts",
                                "Admin only. Database latency and the shared rate-limit store; 503 when degraded.")
                        .with(503, "Degraded"));
        put("GET /api/admin/outbox", op("listOutbox", "The e-mail outbox", "Admin only. Pending, sent, dead."));
        put(
                "POST /api/admin/outbox/{id}/retry",
                op("retryOutboxMessage", "Send an e-mail again", "Admin only. A dead message is queued anew.")
                        .with(409, "The message is not dead, or its one-time link was discarded"));
        put(
                "GET /api/admin/dead-letters",
                op("listDeadLetters", "Parked events", "Admin only. Events a handler failed on, per sequence."));
        put(
                "POST /api/admin/dead-letters/{id}/retry",
                op("retryDeadLetter", "Process a parked event again", "Admin only."));
    }

    private ApiOperations() {}

    private static Op op(String id, String summary, String description) {
        return new Op(id, summary, description, 0, Map.of(), null);
    }

    private static void put(String key, Op op) {
        if (OPERATIONS.put(key, op) != null) {
            throw new IllegalStateException("Twice in the API catalogue: " + key);
        }
    }

    /** The entry of {@code METHOD /path}, e.g. {@code GET /api/inventory/{id}}. */
    public static Optional<Op> find(String method, String path) {
        return Optional.ofNullable(OPERATIONS.get(method + " " + path));
    }

    /** The tag of a path: the first whose prefix it starts with. */
    public static Optional<Tag> tagOf(String path) {
        return TAGS.stream()
                .filter(t -> t.prefixes().stream().anyMatch(path::startsWith))
                .findFirst();
    }
}
