extension OccupationLexicon {
    /// The citation every entry of the bundled lexicon comes from (see the type's note: shares are
    /// approximate, about ±3 percentage points).
    public static let source = "U.S. Bureau of Labor Statistics, Current Population Survey, annual averages 2023, Table 11 'Employed persons by detailed occupation, sex, race, and Hispanic or Latino ethnicity' (https://www.bls.gov/cps/aa2023/cpsaat11.htm), column 'Women' under 'Percent of total employed'; written down approximately (±3 points) by the labrun project and not yet checked row by row against the table"
}
