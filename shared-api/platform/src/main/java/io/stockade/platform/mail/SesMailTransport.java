package io.stockade.platform.mail;

import software.amazon.awssdk.services.ses.SesClient;
import software.amazon.awssdk.services.ses.model.Body;
import software.amazon.awssdk.services.ses.model.Content;
import software.amazon.awssdk.services.ses.model.Destination;
import software.amazon.awssdk.services.ses.model.Message;
import software.amazon.awssdk.services.ses.model.SendEmailRequest;

/** Amazon SES (SendEmail) through the AWS SDK for Java v2; credentials from the default provider chain. */
public class SesMailTransport implements MailTransport {
    private final SesClient ses;

    public SesMailTransport(SesClient ses) {
        this.ses = ses;
    }

    @Override
    public String send(OutgoingMail mail) {
        Body.Builder body = Body.builder().text(utf8(mail.text()));
        if (mail.html() != null) {
            body.html(utf8(mail.html()));
        }
        SendEmailRequest request = SendEmailRequest.builder()
                .source(mail.from())
                .destination(Destination.builder().toAddresses(mail.to()).build())
                .message(Message.builder()
                        .subject(utf8(mail.subject()))
                        .body(body.build())
                        .build())
                .build();
        return ses.sendEmail(request).messageId();
    }

    private static Content utf8(String s) {
        return Content.builder().charset("UTF-8").data(s).build();
    }

    @Override
    public String name() {
        return "ses";
    }
}
