package io.stockade.alerting;

import io.stockade.api.alerts.AlertMessages.LowStockAlertRaisedEvent;
import io.stockade.platform.mail.Outbox;
import java.util.List;
import org.springframework.web.util.HtmlUtils;

/**
 * The alert and digest messages, as plain text and HTML. Every value that people typed (item names,
 * SKUs, locations) is HTML-escaped in the HTML part and stripped of line breaks in the subject, so an
 * item named like markup or a header cannot change the message.
 */
final class AlertTemplates {
    private AlertTemplates() {}

    record DigestLine(String itemId, String name, String sku, String location, int currentStock, int minThreshold) {}

    static Outbox.Mail lowStock(LowStockAlertRaisedEvent e, String to, String publicUrl) {
        String name = oneLine(e.itemName());
        String link = publicUrl + "/inventory/" + e.itemId();
        String subject = (e.escalated() ? "Reminder: still low on stock: " : "Low on stock: ") + shorten(name, 120);
        String intro = e.escalated()
                ? "This item is still low on stock (reminder " + e.reminder() + "):"
                : "This item has reached its minimum stock level:";
        String text = intro + "\n\n"
                + "  " + name + " (SKU " + oneLine(e.sku()) + ")\n"
                + "  In stock: " + e.currentStock() + "   Minimum: " + e.minThreshold() + "\n\n"
                + "Open it in Stockade: " + link + "\n\n"
                + "You get this because of your alert settings: " + publicUrl + "/settings/notifications\n";
        String html = "<!doctype html><html><body style=\"font-family:sans-serif\">"
                + "<p>" + esc(intro) + "</p>"
                + "<table cellpadding=\"4\"><tr><th align=\"left\">Item</th><td>" + esc(name) + "</td></tr>"
                + "<tr><th align=\"left\">SKU</th><td>" + esc(e.sku()) + "</td></tr>"
                + "<tr><th align=\"left\">In stock</th><td>" + e.currentStock() + "</td></tr>"
                + "<tr><th align=\"left\">Minimum</th><td>" + e.minThreshold() + "</td></tr></table>"
                + "<p><a href=\"" + esc(link) + "\">Open it in Stockade</a></p>"
                + "<p style=\"color:#555;font-size:small\">You get this because of your "
                + "<a href=\"" + esc(publicUrl + "/settings/notifications") + "\">alert settings</a>.</p>"
                + "</body></html>";
        return new Outbox.Mail(e.escalated() ? "low-stock-reminder" : "low-stock-alert", to, subject, text, html, null);
    }

    static Outbox.Mail digest(List<DigestLine> lines, String day, String to, String publicUrl) {
        StringBuilder text = new StringBuilder("Items low on stock on " + day + ": " + lines.size() + "\n\n");
        StringBuilder rows = new StringBuilder();
        for (DigestLine l : lines) {
            text.append("  ")
                    .append(oneLine(l.name()))
                    .append(" (SKU ")
                    .append(oneLine(l.sku()))
                    .append(", ")
                    .append(oneLine(l.location()))
                    .append("): ")
                    .append(l.currentStock())
                    .append(" of minimum ")
                    .append(l.minThreshold())
                    .append('\n');
            rows.append("<tr><td><a href=\"")
                    .append(esc(publicUrl + "/inventory/" + l.itemId()))
                    .append("\">")
                    .append(esc(l.name()))
                    .append("</a></td><td>")
                    .append(esc(l.sku()))
                    .append("</td><td>")
                    .append(esc(l.location()))
                    .append("</td><td align=\"right\">")
                    .append(l.currentStock())
                    .append("</td><td align=\"right\">")
                    .append(l.minThreshold())
                    .append("</td></tr>");
        }
        text.append("\nThe low-stock board: ").append(publicUrl).append("/low-stock\n");
        String html = "<!doctype html><html><body style=\"font-family:sans-serif\">"
                + "<p>Items low on stock on " + esc(day) + ": " + lines.size() + "</p>"
                + "<table cellpadding=\"4\"><tr><th align=\"left\">Item</th><th align=\"left\">SKU</th>"
                + "<th align=\"left\">Location</th><th>In stock</th><th>Minimum</th></tr>" + rows + "</table>"
                + "<p><a href=\"" + esc(publicUrl + "/low-stock") + "\">Open the low-stock board</a></p></body></html>";
        return new Outbox.Mail(
                "low-stock-digest",
                to,
                "Low-stock digest " + day + ": " + lines.size() + " items",
                text.toString(),
                html,
                null);
    }

    private static String esc(String s) {
        return s == null ? "" : HtmlUtils.htmlEscape(s, "UTF-8");
    }

    /** Subjects and text lines: no control characters (no header or line injection through a name). */
    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\p{Cntrl}", " ").strip();
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
