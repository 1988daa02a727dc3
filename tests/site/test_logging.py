"""No personal data or secrets in the server's logs."""


def test_access_log_never_holds_a_registrants_link():
    from forvaltningskultur.gunicorn_logging import redact

    assert (
        redact("/anmalan/eyJtIjoic2VtaW5hcnMuc2VtaW5hcnJlZ2lzdHJhdGlvbiJ9:abc/avboka/")
        == "/anmalan/…/avboka/"
    )
    assert redact("/seminarier/") == "/seminarier/"
