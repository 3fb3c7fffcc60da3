extension OccupationLexicon {
    /// The citation every entry of the bundled lexicon comes from (see the type's note: each share is
    /// the table's exact figure for the line the entry names).
    public static let source = "U.S. Bureau of Labor Statistics, Current Population Survey, annual averages 2022, Table 11 'Employed persons by detailed occupation, sex, race, and Hispanic or Latino ethnicity' (https://www.bls.gov/cps/aa2022/cpsaat11.htm), column 'Women' under 'Percent of total employed'; every entry checked row by row against copies of the 2022 table (no copy of the 2023 table was available)"
}
