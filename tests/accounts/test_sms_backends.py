"""The SMS backends: chosen by SHEQU_SMS_BACKEND, words in the recipient's language, and a gateway
that is told the phone and text and never repeats them in an error."""

import io
import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from shequ.notifications import sms
from shequ.notifications.sms import ConsoleBackend, FileBackend, GatewayBackend, SmsMessage, SmsSendError, sms_send

MESSAGE = SmsMessage(phone="13900001111", key="accounts.sms_code_login", params={"code": "123456", "minutes": 5})


class FakeGateway(BaseHTTPRequestHandler):
    received: list = []
    answer = 200

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        FakeGateway.received.append((self.headers["Authorization"], json.loads(body)))
        self.send_response(FakeGateway.answer)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway():
    FakeGateway.received, FakeGateway.answer = [], 200
    server = HTTPServer(("127.0.0.1", 0), FakeGateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/send"
    server.shutdown()
    server.server_close()


def test_locmem_keeps_messages_in_the_outbox(sms_outbox):
    sms_send(phone="13900001111", key="accounts.sms_code_login", params={"code": "123456", "minutes": 5})
    assert sms_outbox == [MESSAGE] and "123456" in sms_outbox[0].text


def test_the_text_is_in_the_recipients_language():
    uyghur = SmsMessage(phone=MESSAGE.phone, key=MESSAGE.key, params=MESSAGE.params, language="ug")
    assert "123456" in uyghur.text and uyghur.text != MESSAGE.text


def test_the_console_masks_the_phone():
    stream = io.StringIO()
    ConsoleBackend(stream=stream).send_messages([MESSAGE])
    assert "139****1111" in stream.getvalue() and "13900001111" not in stream.getvalue()


def test_the_file_backend_appends_to_a_file_a_day(tmp_path):
    FileBackend(path=tmp_path).send_messages([MESSAGE, MESSAGE])
    (log,) = tmp_path.iterdir()
    assert log.read_text(encoding="utf-8").count("123456") == 2


def test_the_gateway_posts_phone_text_and_key_with_its_key(gateway):
    GatewayBackend(url=gateway, key="secret-key").send_messages([MESSAGE])
    ((authorization, body),) = FakeGateway.received
    assert authorization == "Bearer secret-key"
    assert body == {"phone": "13900001111", "text": MESSAGE.text, "key": "accounts.sms_code_login"}


def test_a_refusing_gateway_is_an_error_that_names_neither_phone_nor_code(gateway):
    FakeGateway.answer = 503
    with pytest.raises(SmsSendError) as failed:
        GatewayBackend(url=gateway, key="k").send_messages([MESSAGE])
    assert "503" in str(failed.value) and "13900001111" not in str(failed.value) and "123456" not in str(failed.value)


def test_an_unreachable_gateway_is_an_error_too():
    with pytest.raises(SmsSendError):
        GatewayBackend(url="http://127.0.0.1:9/send", key="k", timeout=1).send_messages([MESSAGE])


def test_the_backend_is_chosen_by_setting(settings, tmp_path):
    settings.SMS_BACKEND, settings.SMS_FILE_PATH = "file", str(tmp_path)
    assert isinstance(sms.sms_backend(), FileBackend)
    settings.SMS_BACKEND = "shequ.notifications.sms.ConsoleBackend"
    assert isinstance(sms.sms_backend(), ConsoleBackend)


@pytest.mark.django_db
def test_a_failing_gateway_after_commit_does_not_fail_the_request(settings, django_capture_on_commit_callbacks, caplog):
    settings.SMS_BACKEND, settings.SMS_GATEWAY_URL = "gateway", "http://127.0.0.1:9/send"
    with django_capture_on_commit_callbacks(execute=True):
        sms.sms_send_on_commit(
            phone="13900001111", key="accounts.sms_code_login", params={"code": "654321", "minutes": 5}
        )
    assert "654321" not in caplog.text and "13900001111" not in caplog.text


def test_log_records_never_carry_a_phone():
    from shequ.core.logfilters import MaskPhones

    record = logging.LogRecord("axes", logging.WARNING, __file__, 1, "login failure by %s", ("13900001111",), None)
    MaskPhones().filter(record)
    assert record.getMessage() == "login failure by 139****1111"
