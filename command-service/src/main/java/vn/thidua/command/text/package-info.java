/**
 * The shape of the text and codes commands carry — composed Unicode, what text may hold, the pattern of a code — shared
 * by the request records, the controllers and the strict request reader. Model, not web: nothing here knows HTTP.
 */
package vn.thidua.command.text;
