package io.stockade.alerting;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import io.stockade.alerting.AlertItemRepository.LowItem;
import io.stockade.api.alerts.AlertMessages.AlertAudience;
import io.stockade.api.alerts.AlertMessages.AlertChannel;
import io.stockade.api.alerts.AlertMessages.AlertRecipient;
import io.stockade.api.common.TenantId;
import io.stockade.platform.mail.MailSettings;
import io.stockade.platform.mail.Outbox;
import io.stockade.platform.tenancy.TenantScope;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Seed 004's daily job: low-stock view, e-mail, log the result. It runs as a db-scheduler recurring task,
 * so with several nodes exactly one runs it each time; each message is keyed by (day, person), so a run
 * repeated after a crash queues nothing twice. The list comes from alerting's own table of items (kept by
 * {@link AlertItemProjection}), never from another feature's read model or the query bus.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LowStockDigest.DigestSettings.class)
class LowStockDigest {
    private static final Logger log = LoggerFactory.getLogger(LowStockDigest.class);
    static final int MAX_ITEMS = 500;

    /**
     * {@code STOCKADE_ALERTS_DIGEST_CRON} (six fields, UTC; default 07:00 every day), or {@code -} for none.
     */
    @ConfigurationProperties(prefix = "stockade.alerts.digest")
    record DigestSettings(String cron) {
        DigestSettings {
            cron = cron == null || cron.isBlank() ? "0 0 7 * * *" : cron.strip();
        }
    }

    @Bean
    RecurringTask<Void> lowStockDigestTask(DigestSettings settings, DigestRun run) {
        return Tasks.recurring("low-stock-digest", Schedules.cron(settings.cron(), ZoneOffset.UTC))
                .execute((instance, context) -> run.run());
    }

    @Component
    static class DigestRun {
        private final AlertRecipientRepository people;
        private final AlertItemRepository items;
        private final TenantScope tenants;
        private final Outbox outbox;
        private final MailSettings mail;
        private final Clock clock;
        private final TransactionTemplate tx;

        DigestRun(
                AlertRecipientRepository people,
                AlertItemRepository items,
                TenantScope tenants,
                Outbox outbox,
                MailSettings mail,
                Clock clock,
                TransactionTemplate tx) {
            this.people = people;
            this.items = items;
            this.tenants = tenants;
            this.outbox = outbox;
            this.mail = mail;
            this.clock = clock;
            this.tx = tx;
        }

        /** One run for every organisation; returns the number of messages queued. */
        int run() {
            LocalDate day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
            int organisations = 0;
            int queued = 0;
            int lowItems = 0;
            for (TenantId tenant : people.organisations()) {
                List<LowItem> low = tenants.read(tenant, () -> items.low(tenant, MAX_ITEMS));
                if (low.isEmpty()) {
                    continue;
                }
                organisations++;
                lowItems += low.size();
                queued += tx.execute(s -> queue(tenant, day, low));
            }
            log.info(
                    "Low-stock digest for {}: {} organisations with {} low items, {} messages queued",
                    day,
                    organisations,
                    lowItems,
                    queued);
            return queued;
        }

        private int queue(TenantId tenant, LocalDate day, List<LowItem> low) {
            int queued = 0;
            for (AlertAudience a : people.audience(tenant, false)) {
                Optional<AlertRecipient> r = a.toldOf(null, null);
                if (r.isEmpty() || !r.get().channels().contains(AlertChannel.EMAIL)) {
                    continue;
                }
                // Everyone with e-mail on for every category; narrowed choices are applied per item below.
                queued += send(tenant, day, r.get(), low) ? 1 : 0;
            }
            for (AlertRecipientRepository.Narrowed n : people.narrowedEmailRecipients(tenant)) {
                List<LowItem> theirs = low.stream()
                        .filter(i -> n.categoryIds().contains(i.categoryId())
                                || n.categoryIds().contains(i.subCategoryId()))
                        .toList();
                if (!theirs.isEmpty()) {
                    queued += send(
                                    tenant,
                                    day,
                                    new AlertRecipient(n.userId(), n.role(), List.of(AlertChannel.EMAIL)),
                                    theirs)
                            ? 1
                            : 0;
                }
            }
            return queued;
        }

        private boolean send(TenantId tenant, LocalDate day, AlertRecipient r, List<LowItem> theirs) {
            List<AlertTemplates.DigestLine> lines = new ArrayList<>();
            for (LowItem i : theirs) {
                lines.add(new AlertTemplates.DigestLine(
                        i.itemId().toString(), i.name(), i.sku(), i.location(), i.currentStock(), i.minThreshold()));
            }
            return people.activeEmail(r.userId(), tenant)
                    .map(to -> outbox.enqueueOnce(
                            tenant,
                            AlertTemplates.digest(lines, day.toString(), to, mail.publicUrl()),
                            "digest:" + day + ":" + r.userId()))
                    .orElse(false);
        }
    }
}
