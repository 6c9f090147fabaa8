"""Feature hashing driver for Modelbay's Python runtime (init() once, then run(raw_json) per request).

It counts the tokens of a text column per hash bucket, like the feature-hashing web service of the classic
Azure ML example. score.js is the same driver for the Node runtime; both must give identical answers, so every
choice below is spelled out in README.md and mirrored there line for line. Standard library only.
"""
import json
import os
import re

DEFAULT_BITSIZE = 3
MAX_BITSIZE = 16
PROPERTIES_VARIABLE = "MODELBAY_PROPERTIES"
BITSIZE_PROPERTY = "hashingBitsize"
INPUT_NAME = "input1"
OUTPUT_NAME = "output1"
TEXT_COLUMN = "text"
SAMPLE_TEXT = "This is a good day"

# Only ASCII letters and digits make tokens. Lower-casing is ASCII-only too: Python's and JavaScript's Unicode case
# tables differ between versions, and a few non-ASCII letters (the Kelvin sign, dotted capital I) lower-case into
# ASCII, which would make the two drivers disagree.
_TOKEN = re.compile(r"[A-Za-z0-9]+")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")

_MASK32 = 0xFFFFFFFF


def _rotl32(value, shift):
    return ((value << shift) | (value >> (32 - shift))) & _MASK32


def murmur3_32(data, seed=0):
    """MurmurHash3 x86 32-bit of bytes (a str is hashed as its UTF-8 bytes); an unsigned 32-bit int."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    c1, c2 = 0xCC9E2D51, 0x1B873593
    h = seed & _MASK32
    whole = len(data) - len(data) % 4
    for i in range(0, whole, 4):
        k = int.from_bytes(data[i:i + 4], "little")
        k = _rotl32((k * c1) & _MASK32, 15)
        h ^= (k * c2) & _MASK32
        h = (_rotl32(h, 13) * 5 + 0xE6546B64) & _MASK32
    tail = data[whole:]
    if tail:
        k = int.from_bytes(tail, "little")
        k = _rotl32((k * c1) & _MASK32, 15)
        h ^= (k * c2) & _MASK32
    h ^= len(data)
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & _MASK32
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & _MASK32
    h ^= h >> 16
    return h


def tokenize(text):
    return _TOKEN.findall(text.translate(_ASCII_LOWER))


def hash_features(text, bitsize):
    """Count of tokens per bucket, bucket = murmur3_32(token) mod 2**bitsize."""
    counts = [0] * (1 << bitsize)
    for token in tokenize(text):
        counts[murmur3_32(token) & ((1 << bitsize) - 1)] += 1
    return counts


def column_names(bitsize):
    return ["HashingFeature.%d" % i for i in range(1 << bitsize)]


def build_schema(bitsize):
    return {
        "inputs": {INPUT_NAME: {"columns": [{"name": TEXT_COLUMN, "type": "String"}]}},
        "outputs": {OUTPUT_NAME: {"columns": [{"name": name, "type": "Int64"} for name in column_names(bitsize)]}},
        "sampleRequest": {"Inputs": {INPUT_NAME: [{TEXT_COLUMN: SAMPLE_TEXT}]}, "GlobalParameters": {}},
    }


def read_bitsize(environ=os.environ):
    """The hashingBitsize property from MODELBAY_PROPERTIES (a JSON object of strings), or the default."""
    raw = environ.get(PROPERTIES_VARIABLE)
    if raw is None or raw == "":
        return DEFAULT_BITSIZE
    try:
        properties = json.loads(raw)
    except ValueError as error:
        raise ValueError("%s is not valid JSON: %s" % (PROPERTIES_VARIABLE, error)) from None
    if not isinstance(properties, dict):
        raise ValueError("%s must be a JSON object of strings" % PROPERTIES_VARIABLE)
    if BITSIZE_PROPERTY not in properties:
        return DEFAULT_BITSIZE
    value = properties[BITSIZE_PROPERTY]
    # Manifest properties are strings, so only a string of decimal digits is taken; the check is the same in score.js.
    if not isinstance(value, str) or not re.fullmatch(r"[0-9]{1,2}", value) or not 1 <= int(value) <= MAX_BITSIZE:
        raise ValueError(
            "property %s in %s must be an integer from 1 to %d written as a string, got %s"
            % (BITSIZE_PROPERTY, PROPERTIES_VARIABLE, MAX_BITSIZE, json.dumps(value))
        )
    return int(value)


_bitsize = None
SCHEMA = build_schema(DEFAULT_BITSIZE)


def init():
    """Reads the configuration once; a bad property fails here, so the replica never starts half-configured."""
    global _bitsize, SCHEMA
    _bitsize = read_bitsize()
    SCHEMA = build_schema(_bitsize)


def _key_order(record):
    """The record's keys in the order JavaScript enumerates them, so 'the first string column' is the same column
    in both drivers: keys that are array indices ("0", "17") come first in ascending order, then the others in
    the order they were written."""
    def is_index(key):
        return re.fullmatch(r"0|[1-9][0-9]*", key) is not None and int(key) < 2**32 - 1

    indices = sorted((key for key in record if is_index(key)), key=int)
    return indices + [key for key in record if not is_index(key)]


def _text_of(record, where):
    if not isinstance(record, dict):
        raise ValueError("%s must be an object (a record of columns)" % where)
    if TEXT_COLUMN in record:
        if not isinstance(record[TEXT_COLUMN], str):
            raise ValueError("%s.%s must be a string" % (where, TEXT_COLUMN))
        return record[TEXT_COLUMN]
    for key in _key_order(record):
        if isinstance(record[key], str):
            return record[key]
    raise ValueError("%s has no text column: no '%s' key and no string value" % (where, TEXT_COLUMN))


def _score_records(inputs, bitsize):
    if not isinstance(inputs, dict):
        raise ValueError("Inputs must be an object mapping input names to lists of records")
    if INPUT_NAME not in inputs:
        raise ValueError("Inputs.%s is missing" % INPUT_NAME)
    records = inputs[INPUT_NAME]
    if not isinstance(records, list):
        raise ValueError("Inputs.%s must be a list of records" % INPUT_NAME)
    names = column_names(bitsize)
    rows = []
    for index, record in enumerate(records):
        counts = hash_features(_text_of(record, "Inputs.%s[%d]" % (INPUT_NAME, index)), bitsize)
        rows.append(dict(zip(names, counts)))
    return {OUTPUT_NAME: rows}


def _score_raw(data, bitsize):
    if not isinstance(data, list):
        raise ValueError("data must be a list of strings")
    result = []
    for index, text in enumerate(data):
        if not isinstance(text, str):
            raise ValueError("data[%d] must be a string" % index)
        result.append(hash_features(text, bitsize))
    return {"result": result}


def score(request, bitsize):
    """Scores an already-parsed request of either form. Bad input raises ValueError, which Modelbay's Python host
    answers with HTTP 400 (the caller's fault) rather than 500."""
    if not isinstance(request, dict):
        raise ValueError("the request must be a JSON object with 'Inputs' (records form) or 'data' (raw form)")
    if "Inputs" in request and "data" in request:
        raise ValueError("the request has both 'Inputs' and 'data'; send one form only")
    if "Inputs" in request:
        return _score_records(request["Inputs"], bitsize)
    if "data" in request:
        return _score_raw(request["data"], bitsize)
    raise ValueError("the request must have 'Inputs' (records form) or 'data' (raw form)")


def run(raw_json):
    if _bitsize is None:
        # A host that skips init() still gets the configured bitsize rather than a silent default.
        init()
    if isinstance(raw_json, (bytes, bytearray)):
        raw_json = raw_json.decode("utf-8")
    if isinstance(raw_json, str):
        try:
            request = json.loads(raw_json)
        except ValueError as error:
            raise ValueError("the request body is not valid JSON: %s" % error) from None
    else:
        request = raw_json
    return score(request, _bitsize)
