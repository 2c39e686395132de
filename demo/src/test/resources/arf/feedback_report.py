#!/usr/bin/env python3
"""Builds an ARF feedback report (RFC 5965) with Python's own email package, as a mail client's
"report spam" button would: reads the reported message on stdin, writes the report on stdout.

usage: feedback_report.py FEEDBACK_TYPE FROM TO
"""
import email
import email.policy
import sys
from email.message import EmailMessage
from email.mime.base import MIMEBase
from email.mime.message import MIMEMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

feedback_type, sender, recipient = sys.argv[1:4]
original = email.message_from_bytes(sys.stdin.buffer.read(), policy=email.policy.compat32)

report = MIMEMultipart("report", report_type="feedback-report")
report["From"] = sender
report["To"] = recipient
report["Subject"] = "FW: " + str(original.get("Subject", ""))
report.attach(MIMEText("This is an email abuse report for a message received by " + sender + ".\n"))
fields = MIMEBase("message", "feedback-report")
fields.set_payload("Feedback-Type: " + feedback_type + "\r\nUser-Agent: python-email/" + sys.version.split()[0]
                   + "\r\nVersion: 1\r\n")
report.attach(fields)
report.attach(MIMEMessage(original))
sys.stdout.buffer.write(report.as_bytes())
