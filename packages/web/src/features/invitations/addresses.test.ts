import { describe, expect, it } from 'vitest';
import { addressesFromCsv, mergeAddresses, splitAddresses } from './addresses';

describe('splitAddresses', () => {
  it('splits on commas, semicolons, spaces and new lines, and lower-cases', () => {
    expect(splitAddresses('A@x.org, b@x.org;c@x.org  d@x.org\ne@x.org\r\n\tf@x.org')).toEqual([
      'a@x.org',
      'b@x.org',
      'c@x.org',
      'd@x.org',
      'e@x.org',
      'f@x.org',
    ]);
  });

  it('takes the address out of what mail programs copy', () => {
    expect(
      splitAddresses('"Nurse, Nora" <Nora@x.org>; Tom Temp <tom@x.org>, mailto:sam@x.org'),
    ).toEqual(['nora@x.org', 'tom@x.org', 'sam@x.org']);
  });

  it('keeps what is not an address, so it can be flagged', () => {
    expect(splitAddresses('nora@x.org not-an-address')).toEqual(['nora@x.org', 'not-an-address']);
  });
});

describe('mergeAddresses', () => {
  it('adds only new addresses, in order', () => {
    expect(mergeAddresses(['a@x.org'], ['b@x.org', 'a@x.org', 'b@x.org', 'c@x.org'])).toEqual([
      'a@x.org',
      'b@x.org',
      'c@x.org',
    ]);
  });
});

describe('addressesFromCsv', () => {
  it('reads the first column and skips a header row', () => {
    const csv =
      'email,name\r\nnora@x.org,Nora Nurse\r\n"Tom@X.org","Temp, Tom"\r\n\r\nsam@x.org;Sam\r\n';
    expect(addressesFromCsv(csv)).toEqual(['nora@x.org', 'tom@x.org', 'sam@x.org']);
  });

  it('keeps the first row when it is an address, and keeps invalid rows for review', () => {
    expect(addressesFromCsv('\uFEFFnora@x.org\nnot an address\n')).toEqual([
      'nora@x.org',
      'not an address',
    ]);
  });
});
