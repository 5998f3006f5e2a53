"""The W3C Bitstring Status List encoding: a set bit is a revoked credential, at the index its entry names."""

from __future__ import annotations

import base64
import gzip

import pytest
from hypothesis import given
from hypothesis import strategies as st

from course.domain.credentials import STATUS_LIST_SIZE, bit_is_set, encode_bitstring, status_entry

indexes = st.sets(st.integers(min_value=0, max_value=STATUS_LIST_SIZE - 1), max_size=40)


@given(indexes, st.integers(min_value=0, max_value=STATUS_LIST_SIZE - 1))
def test_a_bit_is_set_exactly_for_the_listed_indexes(revoked, probe):
    encoded = encode_bitstring(revoked)
    assert bit_is_set(encoded, probe) == (probe in revoked)
    assert all(bit_is_set(encoded, index) for index in revoked)


def test_the_encoding_is_multibase_gzip_of_16_kib_with_bit_0_leftmost():
    encoded = encode_bitstring({0, 9, STATUS_LIST_SIZE - 1})
    assert encoded[0] == "u" and "=" not in encoded
    data = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    assert len(data) == 16 * 1024
    assert data[0] == 0b1000_0000 and data[1] == 0b0100_0000 and data[-1] == 0b0000_0001
    assert encode_bitstring(set()) == encode_bitstring(set())  # deterministic (no timestamp in the GZIP header)


def test_indexes_outside_the_list_are_refused():
    with pytest.raises(ValueError):
        encode_bitstring({STATUS_LIST_SIZE})
    with pytest.raises(ValueError):
        bit_is_set(encode_bitstring(set()), STATUS_LIST_SIZE)


def test_the_entry_names_the_list_and_the_index_as_a_string():
    entry = status_entry("https://kurs.example.pl/api/v1/credentials/status/demo-1", 94567)
    assert entry == {"id": "https://kurs.example.pl/api/v1/credentials/status/demo-1#94567", "type": "BitstringStatusListEntry",
                     "statusPurpose": "revocation", "statusListIndex": "94567",
                     "statusListCredential": "https://kurs.example.pl/api/v1/credentials/status/demo-1"}
