import pytest
from django.core.exceptions import ValidationError

from partnerships.validators import credit_code_check_char, validate_credit_code
from tests.partnerships.factories import OTHER_VALID_CREDIT_CODE, VALID_CREDIT_CODE


@pytest.mark.parametrize("code", [VALID_CREDIT_CODE, OTHER_VALID_CREDIT_CODE, "91350100M000100Y43"])
def test_real_codes_pass(code):
    validate_credit_code(code)


def test_check_char_wraps_31_to_zero():
    # Find a 17-char prefix whose weighted sum is a multiple of 31: its check character must be "0".
    from partnerships.validators import CHARSET, WEIGHTS

    prefix = "9111000080210043"
    for ch in CHARSET:
        total = sum(CHARSET.index(c) * w for c, w in zip(prefix + ch, WEIGHTS, strict=True))
        if total % 31 == 0:
            assert credit_code_check_char(prefix + ch) == "0"
            validate_credit_code(prefix + ch + "0")
            return
    pytest.fail("no prefix with a sum divisible by 31")


@pytest.mark.parametrize(
    "code,reason",
    [
        ("91110000802100433C", "credit_code_check"),  # wrong check character
        ("91110000802100443B", "credit_code_check"),  # one digit changed
        ("9111000080210043B", "credit_code_length"),  # 17 characters
        ("91110000802100433BB", "credit_code_length"),
        ("9111000080210O433B", "credit_code_charset"),  # letter O is not in the charset
        ("91110000802100433I", "credit_code_charset"),
    ],
)
def test_broken_codes_fail(code, reason):
    with pytest.raises(ValidationError) as exc:
        validate_credit_code(code)
    assert exc.value.code == reason
