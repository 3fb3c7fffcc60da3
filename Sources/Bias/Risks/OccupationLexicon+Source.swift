extension OccupationLexicon {
    /// The citation every entry of the bundled lexicon comes from (see the type's note: shares are
    /// approximate, about ±3 percentage points).
    public static let source = "U.S. Bureau of Labor Statistics, Current Population Survey, 2023 annual averages, Table 11 (https://www.bls.gov/cps/cpsaat11.htm), 'Women, percent of total employed'; written down approximately (±3 points) by the labrun project"
}
