import { columnShowsOnlyMetadata, jsonPathShowsOnlyMetadata } from './secrets';

describe('jsonPathShowsOnlyMetadata', () => {
  it.each([
    '{.metadata.name}',
    '{.metadata.labels}',
    '{.metadata.annotations.reflector\\.v1\\.k8s\\.emberstack\\.com/reflects}',
    '{.type}',
    '{.items[*].metadata.name}',
    '{range .items[*]}{.metadata.name}{"\\n"}{end}',
    '{range .items[*]}{@.metadata.name}{" "}{.type}{"\\n"}{end}',
  ])('accepts %s', template => {
    expect(jsonPathShowsOnlyMetadata(template)).toBe(true);
  });

  it.each([
    '{.data.password}',
    '{.data}',
    '{.stringData}',
    '{..password}',
    '{.metadata..x}',
    '{}',
    '{$}',
    '{.metadata}',
    '{.metadata.annotations}',
    '{.metadata.annotations.kubectl\\.kubernetes\\.io/last-applied-configuration}',
    '{.items[*].data}',
    '{.items[?(@.data.x=="y")].metadata.name}',
    "{.metadata['name','data']}",
    '{.metadata.name}{.data.x}',
    '{range .items[*]}{.data}{end}',
    '{.metadata.name',
    'no braces at all',
  ])('refuses %s', template => {
    expect(jsonPathShowsOnlyMetadata(template)).toBe(false);
  });

  it('reads custom columns with or without braces and leading dot', () => {
    expect(columnShowsOnlyMetadata('.metadata.name')).toBe(true);
    expect(columnShowsOnlyMetadata('metadata.name')).toBe(true);
    expect(columnShowsOnlyMetadata('{.metadata.name}')).toBe(true);
    expect(columnShowsOnlyMetadata('data.password')).toBe(false);
  });
});
