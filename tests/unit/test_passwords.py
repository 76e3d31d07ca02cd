"""The password policy."""

from __future__ import annotations

import pytest
from flask import Flask

from facilitator.accounts.passwords import password_problems

EMAIL = "anna.schmidt@example.org"


@pytest.mark.parametrize(
    "password",
    [
        "12345678",
        "password",
        EMAIL,
        "password1234",
        "Passwort2024!",
        "123456789012",
        "qwertzuiopas",
        "aaaaaaaaaaaa",
        "abcabcabcabc",
        "anna.schmidt-2024",
        "Anna.Schmidt@Example.org!",
        "!!willkommen!!",
    ],
)
def test_weak_passwords_are_refused(app: Flask, password: str) -> None:
    with app.test_request_context():
        assert password_problems(password, EMAIL, 12)


@pytest.mark.parametrize(
    "password", ["correct horse battery", "Zwetschgenkuchen am Sonntag", "k8#Rv!2qLm$9xT"]
)
def test_long_uncommon_passwords_pass(app: Flask, password: str) -> None:
    with app.test_request_context():
        assert password_problems(password, EMAIL, 12) == []


def test_length_is_configurable(app: Flask) -> None:
    with app.test_request_context():
        assert password_problems("Zwetschgen", EMAIL, 8) == []
        assert password_problems("Zwetschgen", EMAIL, 16)
